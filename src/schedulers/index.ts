/** Scheduler back-ends and the pure parsers users may call on output they already hold. */
import type { GridBackend } from './backend.js';
import { slurmBackend } from './slurm.js';
import { torqueBackend } from './torque.js';

/** The back-end for a grid scheduler. */
export function getBackend(qtype: 'slurm' | 'torque'): GridBackend {
  return qtype === 'slurm' ? slurmBackend : torqueBackend;
}

export type { GridBackend, SubmitRequest, DependencyIds, DependencyKind } from './backend.js';
export { slurmBackend } from './slurm.js';
export { torqueBackend } from './torque.js';
export { parseSqueue, SQUEUE_FORMAT } from './squeue.js';
export { parseSacct, SACCT_FIELDS } from './sacct.js';
export { parseScontrol } from './scontrol.js';
export { parseQstat } from './qstat.js';
export { parseSubmitOutput } from './submit-output.js';
export { normalizeSlurmState, parseExitCode } from './slurm-states.js';
export { normalizePbsState } from './pbs-states.js';
