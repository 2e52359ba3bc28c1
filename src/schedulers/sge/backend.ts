/**
 * The Grid Engine back-end (SGE 6.2 to 8.1, Son of Grid Engine, Open Grid Scheduler): qsub -terse,
 * qstat -xml for live jobs, qacct -j for finished ones, qstat -j -xml in detail, qdel. Its
 * -hold_jid releases a dependent after any end of its dependencies, so the back-end is
 * 'guarded': hpcq's job wrapper enforces afterok / afternotok (src/job/dependency-guard.ts).
 */
import type { BatchBackend, Probe, SubmitRequest } from '../backend.js';
import { sgeDirectives } from './directives.js';
import { sgeTaskId, splitSgeId } from './ids.js';
import { sgeMessages } from './messages.js';
import { parseQacct } from './qacct.js';
import { parseSgeQstat } from './qstat.js';
import { parseSgeSubmitOutput } from './submit.js';

/** `qstat -help`'s first line names Grid Engine and its version (`SGE 8.1.9`, `OGS/GE 2011.11`, `UGE 8.6.6`). */
const GRID_ENGINE_HELP = /^\s*(?:SGE|OGS\/GE|UGE|GE|Univa Grid Engine|Altair Grid Engine)\s+\d/i;

async function isGridEngine(probe: Probe): Promise<boolean> {
  if (!(await probe.has('qsub')) || !(await probe.has('qstat'))) return false;
  const help = await probe.run(['qstat', '-help']);
  return GRID_ENGINE_HELP.test(`${help.stdout}\n${help.stderr}`.trim().split('\n')[0] ?? '');
}

/**
 * `-hold_jid 1,2`: every kind waits for the end of its dependencies (the guard checks how they
 * ended). -hold_jid takes job ids, not task ids: a task `12.3` holds on its whole array `12`.
 */
function holdFlag(req: SubmitRequest): string[] {
  const ids = new Set(Object.values(req.depends).flatMap((list) => (list ?? []).map((id) => id.split('.')[0]!)));
  return ids.size ? ['-hold_jid', [...ids].join(',')] : [];
}

/** `max_aj_tasks 75000` of `qconf -sconf`; 0 means no limit (undefined), as does a missing line. */
function parseMaxArrayTasks(text: string): number | undefined {
  const m = /^max_aj_tasks\s+(\d+)\s*$/m.exec(text);
  return m && Number(m[1]) > 0 ? Number(m[1]) : undefined;
}

/** `1.2` and `1` as the job id qacct and qstat -j take. */
const jobOf = (id: string): string => id.split('.')[0]!;

/** Grid Engine. */
export const sgeBackend: BatchBackend<'sge'> = {
  name: 'sge',
  title: 'Grid Engine',
  commands: ['qsub', 'qstat', 'qacct', 'qdel', 'qconf'],
  detect: isGridEngine,
  directives: sgeDirectives,
  layout: { submitExt: '.sge' },
  env: {
    // JOB_ID is the array's for every task; SGE_TASK_ID is "undefined" outside arrays.
    jobId: '"${JOB_ID:-}$(case "${SGE_TASK_ID:-undefined}" in undefined) ;; *) printf .%s "$SGE_TASK_ID" ;; esac)"',
    arrayIndex: '"$(case "${SGE_TASK_ID:-undefined}" in undefined) ;; *) printf %s "$SGE_TASK_ID" ;; esac)"',
    nodes: '"$(if [ -n "${PE_HOSTFILE:-}" ] && [ -r "$PE_HOSTFILE" ]; then cut -d" " -f1 "$PE_HOSTFILE" | paste -sd, -; else printf %s "${HOSTNAME:-}"; fi)"',
    cores: '"${NSLOTS:-}"',
    submitDir: '"${SGE_O_WORKDIR:-}"',
    // Not SGE_ROOT, SGE_CELL or SGE_QMASTER_PORT: a site's qsub may need them from the environment.
    prefixes: ['SGE_TASK_', 'SGE_O_', 'JOB_ID', 'NSLOTS', 'PE_HOSTFILE'],
  },
  messages: sgeMessages,
  // Grid Engine numbers tasks from 1 (qsub -t refuses 0); src/array/ shifts hpcq's 0-based indices.
  ids: { split: splitSgeId, task: sgeTaskId, first: 1 },
  dependencies: 'guarded',

  // -S: a queue's default shell_start_mode (posix_compliant) runs the script with the queue's
  // shell, ignoring #!; hpcq's scripts are bash. -wd: the job starts where qsub ran.
  submitCommand: (req) => [
    'qsub',
    '-terse',
    '-S',
    '/bin/bash',
    '-wd',
    req.cwd,
    ...holdFlag(req),
    ...(req.outfile ? ['-o', req.outfile] : []),
    ...(req.errfile ? ['-e', req.errfile] : []),
    req.script,
  ],
  parseSubmitOutput: parseSgeSubmitOutput,
  /** qstat lists the caller's jobs by default; `-u '*'` is everyone's. Ids are picked from the records. */
  queueCommand: ({ user }) => ['qstat', '-xml', '-u', user ?? '*'],
  parseQueue: parseSgeQstat,
  /** One job: `qacct -j ID`; several: every job that ended in the last day (qacct takes one id). */
  historyCommand: (ids) => {
    const jobs = [...new Set(ids.map(jobOf))];
    return jobs.length === 1 ? ['qacct', '-j', jobs[0]!] : ['qacct', '-E', '-d', '1', '-j'];
  },
  parseHistory: parseQacct,
  detailCommand: (id) => ['qstat', '-j', jobOf(id), '-xml'],
  parseDetail: parseSgeQstat,
  cancelCommand: (ids) => ['qdel', ...ids],
  // The global configuration (sge_conf(5)): max_aj_tasks is the most tasks one array may have.
  arrayLimitCommand: () => ['qconf', '-sconf'],
  parseArrayLimit: parseMaxArrayTasks,
};
