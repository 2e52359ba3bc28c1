/**
 * Grid Engine job states and accounting outcomes, normalised into hpcq's state model.
 * States (qstat's `state` column, letters combined, e.g. `hqw`, `dRr`, `Eqw`):
 * sge_status(5), https://manpages.debian.org/bookworm/gridengine-common/sge_status.5.en.html
 * and qstat(1), https://manpages.debian.org/bookworm/gridengine-client/qstat.1.en.html
 * `failed` codes of qacct(1) / accounting(5): the second table of sge_status(5).
 */
import type { JobState, StateReason } from '../../types.js';

/**
 * One state string → normalised state. The letters combine, so the strongest wins, in this
 * order: d (being deleted) > E (error) > h (hold) > s/S/T (suspended) > r/t (running) > q/w.
 */
export function normalizeSgeState(raw: string): JobState | undefined {
  const s = raw.trim();
  if (!/^[a-zA-Z]+$/.test(s)) return undefined;
  // d: deleted with qdel; the job is going away and will not run (again): dr, dt, dRr, ds, dqw...
  if (s.includes('d')) return 'cancelled';
  // E: error state (Eqw, Ehqw, EhRqw): the job cannot start (e.g. its working directory is
  // missing) and stays queued until an operator clears it with `qmod -cj`.
  if (s.includes('E')) return 'held';
  // h: user, operator or system hold, or a -hold_jid dependency not yet ended (hqw, hRwq, hr
  // for a running array whose other tasks are held: h before r only when no task runs).
  if (s.includes('h') && !s.includes('r')) return 'held';
  // s: suspended by qmod -sj; S: its queue is suspended; T: suspended by a queue threshold.
  if (/[sST]/.test(s)) return 'suspended';
  // r: running (Rr: restarted and running); t: being transferred to its execd, about to run.
  if (/[rt]/.test(s)) return 'running';
  // qw: queued and waiting; Rq / Rqw: requeued (rescheduled) and waiting again.
  if (/[qw]/.test(s)) return 'pending';
  // z: finished (qstat -s z); the accounting record (qacct) says how it ended.
  if (s === 'z') return 'unknown';
  return undefined;
}

/** A finished job's outcome from its accounting record. */
export interface SgeOutcome {
  state: JobState;
  reason?: StateReason;
  exitCode: number | null;
  signal: number | null;
}

/** `failed` codes for jobs that never ran: the shepherd or execd could not start them. */
const NOT_STARTED = new Set([1, 3, 4, 6, 7, 8, 9, 10, 11, 26, 27, 28, 29, 31, 32, 33, 34, 35, 36, 38]);
/** `failed` codes for a shepherd or host that failed under a running job. */
const HOST_FAILED = new Set([18, 19, 20, 21]);

/**
 * Normalise qacct's `failed` and `exit_status` numbers (the text after them, such as
 * "100 : assumedly after job" or "137 (Killed)", already stripped). Exit statuses above 128
 * (up to 128+64) mean killed by signal exit_status - 128.
 */
export function normalizeQacct(failed: number, exitStatus: number | undefined): SgeOutcome {
  const exit = exitStatus ?? null;
  // 37: qmaster enforced h_rt, h_cpu or h_vmem: killed (SIGKILL) over a hard limit. Time limits
  // are what hpcq sets (h_rt); h_vmem is enforced by setrlimit and makes allocations fail instead.
  if (failed === 37) return { state: 'failed', reason: 'timeout', exitCode: exit, signal: exitSignal(exit) };
  if (NOT_STARTED.has(failed)) return { state: 'failed', reason: 'launch_failed', exitCode: null, signal: null };
  if (HOST_FAILED.has(failed)) return { state: 'failed', reason: 'node_fail', exitCode: null, signal: null };
  // 24: migrating (checkpointing), 25: rescheduled: the job runs again; a later record follows.
  if (failed === 24 || failed === 25) return { state: 'pending', exitCode: null, signal: null };
  // Every other code ran the job, and its exit status decides: 0 (no failure), 12-16 (the PE
  // stop, epilog or processor set failed after it), 17 (killed through a signal, possibly
  // qdel), 30 (exited 100), 100 (ran, then killed by a signal, or its shepherd died). An exit
  // status of 128+N is signal N, as the shell reports it (a wrapper that caught qdel's SIGTERM
  // and exited 143 itself gets failed 0).
  const signal = exitSignal(exit);
  if (signal !== null) return { state: 'failed', reason: 'signal', exitCode: exit, signal };
  if (exit === 0) return { state: 'completed', exitCode: 0, signal: null };
  if (exit === null) return { state: 'unknown', exitCode: null, signal: null };
  return { state: 'failed', reason: 'nonzero_exit', exitCode: exit, signal: null };
}

/** 128+N (N a signal number, 1-64) as signal N. */
function exitSignal(exit: number | null): number | null {
  return exit !== null && exit > 128 && exit <= 128 + 64 ? exit - 128 : null;
}
