// The Slurm back-end and its parsers. This file only re-exports.
export { slurmBackend } from './backend.js';
export { parseSqueue, SQUEUE_FORMAT } from './squeue.js';
export { parseSacct, SACCT_FIELDS } from './sacct.js';
export { parseScontrol } from './scontrol.js';
export { normalizeSlurmState, parseExitCode } from './slurm-states.js';
