// The Torque back-end and its parsers. This file only re-exports.
export { torqueBackend, torqueOverSlurm } from './backend.js';
export { parseQstat } from './qstat.js';
export { normalizePbsState } from './pbs-states.js';
export { torqueJobName } from './directives.js';
