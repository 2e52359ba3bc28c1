/**
 * The Torque back-end: qsub, qstat and qdel argv builders and their parsers. Two qstats answer to
 * these commands, told apart once per host (`specialize`):
 * - a real Torque server: `qstat -x` gives XML with `exit_status`, also for finished jobs the
 *   server keeps (keep_completed), so that is the listing and the history;
 * - Slurm's Torque wrapper (slurm-wlm-torque): no `-x`, and its `qstat -f` shows a finished job as
 *   state C without exit status. Its jobs are Slurm jobs, so their history is Slurm's accounting.
 */
import type { BatchBackend, Probe, SubmitRequest } from '../backend.js';
import { splitPbsId } from '../job-id.js';
import { slurmBackend } from '../slurm/backend.js';
import { jobIdIn } from '../submit-output.js';
import { torqueDirectives } from './directives.js';
import { pbsSubmitId, torqueMessages } from './messages.js';
import { qsubWord } from './qsub-words.js';
import { parseQstat } from './qstat.js';

/** `-W depend=afterok:1:2,afterany:3`. */
function dependencyFlag(req: SubmitRequest): string[] {
  const parts = Object.entries(req.depends)
    .filter(([, ids]) => ids && ids.length > 0)
    .map(([kind, ids]) => `${kind}:${ids!.join(':')}`);
  return parts.length ? ['-W', `depend=${qsubWord('depends', parts.join(','))}`] : [];
}

/** Output of a qstat that is Grid Engine's (`qstat -help` starts with `SGE 8.1.9` or `OGS/GE`). */
const GRID_ENGINE = /^\s*(SGE|OGS\/GE|UGE|GE)\s+\d|Grid ?Engine/i;

/** Whether the qstat on the host is Grid Engine's (which also owns a qsub). */
async function isGridEngine(probe: Probe): Promise<boolean> {
  const help = await probe.run(['qstat', '-help']);
  return GRID_ENGINE.test(`${help.stdout}\n${help.stderr}`.trim().split('\n')[0] ?? '');
}

/** Torque through qsub, qstat -x and qdel (a real Torque server). */
export const torqueBackend: BatchBackend<'torque'> = {
  name: 'torque',
  title: 'Torque',
  commands: ['qsub', 'qstat', 'qdel'],
  detect: async (probe) => (await probe.has('qsub')) && !(await isGridEngine(probe)),
  /** A real server's qstat knows `--version`; Slurm's wrapper answers "Unknown option". */
  async specialize(probe) {
    const version = await probe.run(['qstat', '--version']);
    return /^\s*Version:\s*\d/im.test(`${version.stdout}\n${version.stderr}`) ? torqueBackend : torqueOverSlurm;
  },
  directives: torqueDirectives,
  layout: { submitExt: '.qsub' },
  env: {
    // Fallbacks: Slurm's Torque wrapper runs the job under Slurm, which sets only its own variables.
    jobId: '"${PBS_JOBID:-${SLURM_JOB_ID:-}}"',
    // Slurm's Torque wrapper turns -t into an array but sets only Slurm's variable.
    arrayIndex: '"${PBS_ARRAYID:-${PBS_ARRAY_INDEX:-${SLURM_ARRAY_TASK_ID:-}}}"',
    nodes: '"$(if [ -n "${PBS_NODEFILE:-}" ] && [ -r "$PBS_NODEFILE" ]; then sort -u "$PBS_NODEFILE" | paste -sd, -; else printf %s "${SLURM_JOB_NODELIST:-}"; fi)"',
    cores: '"${PBS_NUM_PPN:-${NCPUS:-${SLURM_CPUS_PER_TASK:-${SLURM_CPUS_ON_NODE:-}}}}"',
    submitDir: '"${PBS_O_WORKDIR:-${SLURM_SUBMIT_DIR:-}}"',
    prefixes: ['PBS_'],
  },
  messages: torqueMessages,
  ids: { split: splitPbsId, task: (arrayId, index) => arrayId.replace(/^(\d+)(\[\])?/, `$1[${index}]`) },
  // Slurm's wrapper leaves a dependent of a failed job pending forever; the guard ends it.
  dependencies: 'guarded',

  submitFromScriptDir: true,
  /** Throws OptionError for a value Slurm's qsub wrapper would pass through a shell (see qsub-words.ts). */
  submitCommand: (req) => [
    'qsub',
    ...dependencyFlag(req),
    ...(req.outfile ? ['-o', qsubWord('outfile', req.outfile)] : []),
    ...(req.errfile ? ['-e', qsubWord('errfile', req.errfile)] : []),
    qsubWord('script', req.script),
  ],
  parseSubmitOutput: (text) => jobIdIn(text, 'qsub', pbsSubmitId),
  /** `qstat -x` with ids lists just those; the user filter is applied to parsed records. */
  queueCommand: ({ ids }) => ['qstat', '-x', ...(ids ?? [])],
  parseQueue: parseQstat,
  // An empty queue: exit 153 and nothing printed.
  emptyListing: (r) => r.exitCode === 153 && r.stdout.trim() === '' && r.stderr.trim() === '',
  historyCommand: (ids) => ['qstat', '-x', ...ids],
  parseHistory: parseQstat,
  detailCommand: (id) => ['qstat', '-f', id],
  parseDetail: parseQstat,
  cancelCommand: (ids) => ['qdel', ...ids],
};

/** The same commands answered by Slurm's Torque wrapper: `qstat -f` text, Slurm's accounting for finished jobs. */
export const torqueOverSlurm: BatchBackend<'torque'> = {
  ...torqueBackend,
  queueCommand: ({ ids }) => ['qstat', '-f', ...(ids ?? [])],
  historyCommand: (ids) => slurmBackend.historyCommand!(ids),
  parseHistory: (text) => slurmBackend.parseHistory!(text),
  // The wrapper's jobs are Slurm's: array tasks are `123_4`, at most Slurm's MaxArraySize.
  ids: slurmBackend.ids,
  arrayLimitCommand: () => slurmBackend.arrayLimitCommand!(),
  parseArrayLimit: (text) => slurmBackend.parseArrayLimit!(text),
};
