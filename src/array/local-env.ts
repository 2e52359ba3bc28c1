/**
 * How the local runner tells a task of a local array its index: the runner runs each task as a
 * job of its own, with this variable set (a batch scheduler sets its own, e.g. SLURM_ARRAY_TASK_ID).
 */
export const LOCAL_TASK_VAR = 'HPCQ_LOCAL_TASK';
