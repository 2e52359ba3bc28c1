/**
 * The Slurm back-end: argv builders and the parsers for their output. Runs nothing itself.
 */
import type { GridBackend, SubmitRequest } from './backend.js';
import { SACCT_FIELDS, parseSacct } from './sacct.js';
import { parseScontrol } from './scontrol.js';
import { SQUEUE_FORMAT, parseSqueue } from './squeue.js';
import { parseSubmitOutput } from './submit-output.js';
import { slurmFilename } from './slurm/filename.js';
import { isSlurmTransient } from './transient.js';

/** `--dependency=afterok:1:2,afterany:3`: a comma means every condition must hold. */
function dependencyFlag(req: SubmitRequest): string[] {
  const parts = Object.entries(req.depends ?? {})
    .filter(([, ids]) => ids && ids.length > 0)
    .map(([kind, ids]) => `${kind}:${ids!.join(':')}`);
  return parts.length ? [`--dependency=${parts.join(',')}`] : [];
}

/** Slurm through sbatch, squeue, sacct, scontrol and scancel. */
export const slurmBackend: GridBackend = {
  qtype: 'slurm',
  submitCommand(req) {
    return [
      'sbatch',
      '--parsable',
      ...dependencyFlag(req),
      ...(req.outfile ? [`--output=${slurmFilename(req.outfile)}`] : []),
      ...(req.errfile ? [`--error=${slurmFilename(req.errfile)}`] : []),
      ...(req.cwd ? [`--chdir=${req.cwd}`] : []),
      req.script,
    ];
  },
  parseSubmitOutput: (text) => parseSubmitOutput('slurm', text),
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
  historyCommand(ids) {
    return ['sacct', '--parsable2', `--format=${SACCT_FIELDS}`, `--jobs=${ids.join(',')}`];
  },
  parseHistory: parseSacct,
  // sacct shows the caller's own jobs by default; --allusers for every user.
  historySinceCommand: ({ user, allUsers, since }) => ['sacct', '--parsable2', `--format=${SACCT_FIELDS}`, `--starttime=${since}`, ...(allUsers ? ['--allusers'] : user ? [`--user=${user}`] : [])],
  detailCommand: (id) => ['scontrol', 'show', 'job', '-o', id],
  parseDetail: parseScontrol,
  cancelCommand: (ids) => ['scancel', ...ids],
  isTransient: isSlurmTransient,
};
