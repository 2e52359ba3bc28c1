/**
 * The ended tasks of the arrays a listing shows. A live listing (squeue, qstat) forgets a task
 * soon after it ends, so `123_[0-999]` would count only its live tasks; where the scheduler keeps
 * a history (Slurm's sacct) one more call, since the oldest listed array was submitted, brings
 * back the ended ones. Only tasks of arrays already listed are taken from it.
 */
import type { Scheduler } from '../schedulers/scheduler.js';
import type { JobRecord } from '../types.js';
import { isFinal } from '../core/states.js';
import { localIso, mergeHistory } from './history-since.js';
import { inIndexRange } from './merge.js';

/** Whose history to read, as Queue names users: a name, 'all', or undefined for the caller. */
export interface HistoryUser {
  user?: string;
  allUsers?: boolean;
}

/**
 * `records` with the ended tasks of their arrays added from the scheduler's history; unchanged
 * when no array is listed or the scheduler keeps no history (one call at most).
 */
export async function withArrayHistory(records: JobRecord[], scheduler: Scheduler, who: HistoryUser = {}): Promise<JobRecord[]> {
  const arrays = records.filter((r) => r.arrayIndex !== undefined);
  if (arrays.length === 0 || !scheduler.history) return records;
  const submitted = arrays.map((r) => r.submitTime?.getTime()).filter((t): t is number => t !== undefined && Number.isFinite(t));
  // Without a submit time, the last day: far more than a listing keeps ended tasks for.
  const since = new Date(submitted.length ? Math.min(...submitted) : Date.now() - 86_400_000);
  const bases = new Set(arrays.map((r) => r.baseId));
  const past = await scheduler.history({ since: localIso(since), ...(who.allUsers ? { allUsers: true } : who.user ? { user: who.user } : {}) });
  // Accounting lags the controller: its pending ranges and live tasks are older than the
  // listing's (a stale `123_[0-199%5]` beside squeue's `123_[5-199%5]` would count twice). Only
  // single tasks that ended are taken, and none that a listed range still holds.
  const ranges = arrays.filter((r) => !/^\d+$/.test(r.arrayIndex!));
  const ended = past.filter((r) => r.arrayIndex !== undefined && /^\d+$/.test(r.arrayIndex) && isFinal(r.state) && bases.has(r.baseId));
  const held = (r: JobRecord): boolean => ranges.some((g) => g.baseId === r.baseId && inIndexRange(g.arrayIndex!, Number(r.arrayIndex)));
  return mergeHistory(ended.filter((r) => !held(r)), records);
}
