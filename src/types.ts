/** Core types shared by every part of hpcq: scheduler kinds, the job state model, job records. */

/** Where a job runs. */
export type Qtype = 'slurm' | 'torque' | 'local';
export const QTYPES: readonly Qtype[] = ['slurm', 'torque', 'local'];

/**
 * Normalised job state. Ordered: a job's state never moves backwards along
 * pending/held → running/suspended → completing → final, except that a requeued
 * job may go back to pending (the scheduler restarts it).
 */
export type JobState =
  | 'pending'
  | 'held'
  | 'running'
  | 'suspended'
  | 'completing'
  | 'completed'
  | 'failed'
  | 'cancelled'
  | 'unknown';

/**
 * Why a job ended the way it did (for non-successful final states), or, on a job still
 * pending, `dependency_never_satisfied` when it can never start.
 */
export type StateReason =
  | 'nonzero_exit'
  | 'signal'
  | 'timeout'
  | 'out_of_memory'
  | 'node_fail'
  | 'preempted'
  | 'boot_fail'
  | 'deadline'
  | 'dependency_never_satisfied'
  | 'launch_failed'
  | 'vanished';

/** States after which nothing changes any more. */
export const FINAL_STATES: ReadonlySet<JobState> = new Set(['completed', 'failed', 'cancelled', 'unknown']);

/** Whether a state is final (completed, failed, cancelled, unknown). */
export function isFinal(state: JobState): boolean {
  return FINAL_STATES.has(state);
}

/** Progress rank of each state, used to refuse backward moves. */
export const STATE_RANK: Readonly<Record<JobState, number>> = {
  pending: 0,
  held: 0,
  running: 1,
  suspended: 1,
  completing: 2,
  completed: 3,
  failed: 3,
  cancelled: 3,
  unknown: 3,
};

/** One job as a scheduler (or the local runner) reports it. */
export interface JobRecord {
  id: string;
  baseId: string;
  arrayIndex?: string;
  name?: string;
  user?: string;
  partition?: string;
  state: JobState;
  reason?: StateReason;
  rawState: string;
  pendingReason?: string;
  exitCode: number | null;
  signal: number | null;
  nodes?: string[];
  nodeCount?: number;
  cpus?: number;
  submitTime?: Date;
  startTime?: Date;
  endTime?: Date;
}

/** Anything that names a job: a Job object or its id. */
export interface HasJobId {
  readonly id?: string;
}
export type JobLike = HasJobId | string;

/** Options accepted by every wait(). */
export interface WaitOptions {
  /** Give up after this many milliseconds (rejects with HpcqError). Default: no limit. */
  timeout?: number;
  /** Show a progress line on a TTY. Default: true when stderr is a TTY. */
  progress?: boolean;
  /** Abort the wait (not the jobs). */
  signal?: AbortSignal;
}
