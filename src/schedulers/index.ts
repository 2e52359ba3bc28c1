// Scheduler back-ends, the registry, and the pure parsers users may call on output they already hold.
export { BACKENDS, QTYPES, LOCAL, getBackend, isBatchQtype, isQtype, checkQtype, layoutOf, parseSubmitOutput, type Qtype, type BatchQtype } from './registry.js';
export type * from './backend.js';
export type { Scheduler, SchedulerSubmission, StatusAnswer } from './scheduler.js';
export { slurmBackend, parseSqueue, SQUEUE_FORMAT, parseSacct, SACCT_FIELDS, parseScontrol, normalizeSlurmState, parseExitCode } from './slurm/index.js';
export { torqueBackend, torqueOverSlurm, normalizePbsState } from './torque/index.js';
export { sgeBackend, parseQacct, parseSgeQstat, normalizeSgeState, normalizeQacct } from './sge/index.js';
export { parseQstat } from './qstat-any.js';
