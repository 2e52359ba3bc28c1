/**
 * The Slurm back-end: sbatch, squeue, sacct, scontrol and scancel argv builders and the parsers
 * for their output. Runs nothing itself.
 */
import type { BatchBackend, SubmitRequest } from '../backend.js';
import { splitSlurmId } from '../job-id.js';
import { jobIdIn } from '../submit-output.js';
import { slurmDirectives } from './directives.js';
import { slurmFilename } from './filename.js';
import { slurmMessages, slurmSubmitId } from './messages.js';
import { SACCT_FIELDS, parseSacct } from './sacct.js';
import { parseScontrol } from './scontrol.js';
import { SQUEUE_FORMAT, parseSqueue } from './squeue.js';

/** `--dependency=afterok:1:2,afterany:3`: a comma means every condition must hold. */
function dependencyFlag(req: SubmitRequest): string[] {
  const parts = Object.entries(req.depends)
    .filter(([, ids]) => ids && ids.length > 0)
    .map(([kind, ids]) => `${kind}:${ids!.join(':')}`);
  return parts.length ? [`--dependency=${parts.join(',')}`] : [];
}

/** Slurm through sbatch, squeue, sacct, scontrol and scancel. */
export const slurmBackend: BatchBackend<'slurm'> = {
  name: 'slurm',
  title: 'Slurm',
  commands: ['sbatch', 'squeue', 'sacct', 'scontrol', 'scancel'],
  detect: (probe) => probe.has('sbatch'),
  directives: slurmDirectives,
  // The exec script is run by bash directly, so the wrapper's traps get Slurm's signals.
  layout: { submitExt: '.sbatch', execExt: '.script' },
  env: {
    jobId: '"${SLURM_JOB_ID:-}"',
    arrayIndex: '"${SLURM_ARRAY_TASK_ID:-}"',
    nodes: '"${SLURM_JOB_NODELIST:-}"',
    // Set only with --cpus-per-task; else the CPUs the job got on its node.
    cores: '"${SLURM_CPUS_PER_TASK:-${SLURM_CPUS_ON_NODE:-}}"',
    submitDir: '"${SLURM_SUBMIT_DIR:-}"',
    prefixes: ['SLURM_', 'SBATCH_', 'SALLOC_', 'SRUN_'],
    keep: ['SLURM_CONF'],
  },
  messages: slurmMessages,
  ids: { split: splitSlurmId, task: (arrayId, index) => `${arrayId}_${index}` },
  // --kill-on-invalid-dep=yes (a default of the options table) ends such a dependent.
  dependencies: 'native',

  submitCommand(req) {
    return [
      'sbatch',
      '--parsable',
      ...dependencyFlag(req),
      ...(req.outfile ? [`--output=${slurmFilename(req.outfile)}`] : []),
      ...(req.errfile ? [`--error=${slurmFilename(req.errfile)}`] : []),
      `--chdir=${req.cwd}`,
      req.script,
    ];
  },
  parseSubmitOutput: (text) => jobIdIn(text, 'sbatch', slurmSubmitId),
  /**
   * `--states=all` keeps jobs that finished in the last MinJobAge seconds (300 by default)
   * in the listing, so most endings are seen here without asking the accounting database.
   * The header line stays: rows are read by column name.
   */
  queueCommand({ user, ids }) {
    return [
      'squeue',
      '--states=all',
      `--format=${SQUEUE_FORMAT}`,
      ...(user ? [`--user=${user}`] : []),
      ...(ids && ids.length ? [`--jobs=${ids.join(',')}`] : []),
    ];
  },
  parseQueue: parseSqueue,
  /**
   * Steps are kept (no `-X`): some Slurm versions report OUT_OF_MEMORY only on the step
   * that hit the limit while the job row says COMPLETED or FAILED; parseSacct folds them.
   * Without `--starttime`, `--jobs` searches all of history.
   */
  historyCommand: (ids) => ['sacct', '--parsable2', `--format=${SACCT_FIELDS}`, `--jobs=${ids.join(',')}`],
  parseHistory: parseSacct,
  // sacct shows the caller's own jobs by default; --allusers for every user.
  historySinceCommand: ({ user, allUsers, since }) => ['sacct', '--parsable2', `--format=${SACCT_FIELDS}`, `--starttime=${since}`, ...(allUsers ? ['--allusers'] : user ? [`--user=${user}`] : [])],
  detailCommand: (id) => ['scontrol', 'show', 'job', '-o', id],
  arrayLimitCommand: () => ['scontrol', 'show', 'config'],
  // MaxArraySize is one more than the largest task index: indices 0..MaxArraySize-1.
  parseArrayLimit: (text) => {
    const m = /^MaxArraySize\s*=\s*(\d+)/m.exec(text);
    return m ? Number(m[1]) : undefined;
  },
  parseDetail: parseScontrol,
  // `-` writes to stdout (Slurm 21.08+); the script is kept while the job is known to slurmctld.
  scriptCommand: (id) => ['scontrol', 'write', 'batch_script', id, '-'],
  cancelCommand: (ids) => ['scancel', ...ids],
  // `%o` is the batch script's path: cleanDir keeps the files of jobs that still run it.
  scriptsCommand: (user) => ['squeue', '-h', '-o', '%i|%o', `--user=${user}`],
  parseScripts: (text) =>
    text
      .split('\n')
      .map((line) => (line.includes('|') ? line.slice(line.indexOf('|') + 1).trim() : ''))
      .filter((p) => p !== ''),
};
