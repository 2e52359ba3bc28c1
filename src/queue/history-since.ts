/**
 * `Queue({ since })`: the scheduler's history since a time merged with its live listing, so
 * `hpcq queue --since` shows jobs that already left the queue with their exit codes.
 */
import { isFinal } from '../core/states.js';
import type { Scheduler } from '../schedulers/scheduler.js';
import type { JobRecord } from '../types.js';

/** Local time as `YYYY-MM-DDTHH:MM:SS` (what sacct --starttime takes). */
export function localIso(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/**
 * History rows merged with the live rows: an ended job's accounting row (with its exit code)
 * wins over squeue's lingering one; for a job accounting does not show ended, squeue's row wins.
 */
export function mergeHistory(history: JobRecord[], live: JobRecord[]): JobRecord[] {
  const byId = new Map(history.map((r) => [r.id, r]));
  for (const r of live) {
    const past = byId.get(r.id);
    // An end in accounting is final (squeue may still say COMPLETING); else squeue is newer,
    // as accounting lags the controller.
    if (past && isFinal(past.state)) byId.set(r.id, { ...past, exitCode: past.exitCode ?? r.exitCode });
    else byId.set(r.id, r);
  }
  return [...byId.values()];
}

/**
 * `mergeHistory`, after asking accounting by id for the jobs the live listing shows ended that
 * the window query left out. Seen on the testbed under load: `sacct --starttime` answered
 * without a job that `sacct -j ID` had already shown FAILED (the rows of its last ten seconds
 * missing), so squeue's lingering row, which has no exit code, was all there was. One more
 * call, only when such jobs are listed.
 */
export async function mergeHistoryOf(scheduler: Pick<Scheduler, 'historyOf'>, history: JobRecord[], live: JobRecord[]): Promise<JobRecord[]> {
  const known = new Set(history.map((r) => r.id));
  const lost = live.filter((r) => isFinal(r.state) && !known.has(r.id)).map((r) => r.id);
  const found = lost.length && scheduler.historyOf ? await scheduler.historyOf(lost) : [];
  return mergeHistory([...history, ...found], live);
}
