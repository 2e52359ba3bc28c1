/**
 * The job state model's rules, written once: which states are final, the order states move in,
 * which moves are allowed, and what an exit status means. Used by the poller's merge, Job, the
 * local runner and the parsers.
 */
import type { JobState, StateReason } from '../types.js';

/** States after which nothing changes any more. */
export const FINAL_STATES: ReadonlySet<JobState> = new Set(['completed', 'failed', 'cancelled', 'unknown']);

/** Whether a state is final (completed, failed, cancelled, unknown). */
export function isFinal(state: JobState): boolean {
  return FINAL_STATES.has(state);
}

/** Progress rank of each state: a job moves up, never down (except a requeue). */
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

/**
 * Whether a job seen in state `prev` may next be reported in `next`. A final state never
 * changes; a live one never moves backwards, except a running (suspended, completing) job going
 * back to pending or held: the scheduler requeued it.
 */
export function canTransition(prev: JobState, next: JobState): boolean {
  if (isFinal(prev)) return prev === next;
  if (STATE_RANK[next] >= STATE_RANK[prev]) return true;
  return STATE_RANK[next] === 0 && STATE_RANK[prev] > 0;
}

/** The ending an exit status gives: 0 without a signal is success, a signal or any other code a failure. */
export function stateFromExit(exitCode: number | null, signal: number | null): { state: JobState; reason?: StateReason } {
  if (signal !== null) return { state: 'failed', reason: 'signal' };
  if (exitCode === 0) return { state: 'completed' };
  return { state: 'failed', reason: 'nonzero_exit' };
}
