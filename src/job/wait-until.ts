/** When a job counts as having reached a state, for `job.waitUntil(state)`. */
import { STATE_RANK, isFinal, type JobState } from '../types.js';

/** 'yes' once the job reached `target` (or a later state), 'never' when it ended without it, else 'not_yet'. */
export function reached(target: JobState, state: JobState, exitCode: number | null): 'yes' | 'never' | 'not_yet' {
  // A final target is that very outcome: waiting for 'completed' on a failed job can never hold.
  if (isFinal(target)) return state === target ? 'yes' : isFinal(state) ? 'never' : 'not_yet';
  if (!isFinal(state)) return STATE_RANK[state] >= STATE_RANK[target] ? 'yes' : 'not_yet';
  // Ended: it got past a pending target; it ran when it completed, failed or left an exit code.
  // A job cancelled in the queue (or lost) never ran, though polling may have missed a short run.
  const ran = state === 'completed' || state === 'failed' || exitCode !== null;
  return STATE_RANK[target] === 0 || ran ? 'yes' : 'never';
}
