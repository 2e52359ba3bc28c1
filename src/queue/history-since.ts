/**
 * `Queue({ since })`: the scheduler's history since a time merged with its live listing, so
 * `hpcq queue --since` shows jobs that already left the queue with their exit codes.
 */
import { isFinal } from '../core/states.js';
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
