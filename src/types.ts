/** Core types shared by every part of hpcq: scheduler kinds, the job state model, job records. */

/** Where a job runs: a back-end of the registry (src/schedulers/registry.ts) or 'local'. */
export type { Qtype } from './schedulers/registry.js';
export { QTYPES } from './schedulers/registry.js';
export { FINAL_STATES, STATE_RANK, isFinal, canTransition, stateFromExit } from './core/states.js';

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
  /**
   * How long the wait rides out a scheduler that does not answer (controller down, network
   * gone), in milliseconds, before it rejects with QueueError. Default: `[queue]
   * outage_deadline` (seconds) in the config, else one hour.
   */
  outageDeadline?: number;
}
