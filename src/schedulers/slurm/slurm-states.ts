/**
 * Slurm's native job states and exit codes, normalised into hpcq's state model.
 * State codes: https://slurm.schedmd.com/squeue.html#SECTION_JOB-STATE-CODES
 * (sacct prints the same names: https://slurm.schedmd.com/sacct.html#SECTION_JOB-STATE-CODES)
 * Exit codes: https://slurm.schedmd.com/job_exit_code.html
 */
import type { JobState, StateReason } from '../../types.js';

interface StateInfo {
  state: JobState;
  reason?: StateReason;
}

/** Long name → normalised state, one line per native code (short code in the comment). */
const LONG: Record<string, StateInfo> = {
  // BF: terminated due to launch failure, typically a hardware failure.
  BOOT_FAIL: { state: 'failed', reason: 'boot_fail' },
  // CA: explicitly cancelled by the user or an administrator (`CANCELLED by <uid>`).
  CANCELLED: { state: 'cancelled' },
  // CD: all processes on all nodes ended with exit code 0.
  COMPLETED: { state: 'completed' },
  // CF: allocated resources are booting; the job has not started yet.
  CONFIGURING: { state: 'pending' },
  // CG: the job is finishing; some processes may still be active.
  COMPLETING: { state: 'completing' },
  // DL: terminated on reaching its deadline (`--deadline`).
  DEADLINE: { state: 'failed', reason: 'deadline' },
  // F: ended with a non-zero exit code or other failure condition (also killed by a signal).
  FAILED: { state: 'failed', reason: 'nonzero_exit' },
  // NF: terminated because one of its nodes failed.
  NODE_FAIL: { state: 'failed', reason: 'node_fail' },
  // OOM: a process was killed for going over its memory limit.
  OUT_OF_MEMORY: { state: 'failed', reason: 'out_of_memory' },
  // PD: waiting for resources, a dependency, a hold, ...
  PENDING: { state: 'pending' },
  // PR: terminated by preemption.
  PREEMPTED: { state: 'failed', reason: 'preempted' },
  // R: has an allocation and runs.
  RUNNING: { state: 'running' },
  // RD: held because its reservation was deleted.
  RESV_DEL_HOLD: { state: 'held' },
  // RF: requeued by a federation sibling.
  REQUEUE_FED: { state: 'pending' },
  // RH: requeued and held.
  REQUEUE_HOLD: { state: 'held' },
  // RQ: being requeued; it will run again under the same id.
  REQUEUED: { state: 'pending' },
  // RS: its size is changing; still running.
  RESIZING: { state: 'running' },
  // RV: removed from this cluster because another federation sibling started it.
  REVOKED: { state: 'cancelled' },
  // SI: being sent a signal; still running.
  SIGNALING: { state: 'running' },
  // SE: requeued in a special state (held) after a SPECIAL_EXIT epilog result.
  SPECIAL_EXIT: { state: 'held' },
  // SO: staging out data (burst buffer) after the job ran.
  STAGE_OUT: { state: 'completing' },
  // ST: stopped with SIGSTOP; keeps its allocation.
  STOPPED: { state: 'suspended' },
  // S: suspended by an administrator or by gang scheduling/preemption.
  SUSPENDED: { state: 'suspended' },
  // TO: killed on reaching its time limit.
  TIMEOUT: { state: 'failed', reason: 'timeout' },
};

/** Every long name, for reading a truncated one. */
const LONG_NAMES = Object.keys(LONG);

/** squeue's compact codes (`%t`, `ST`) → long names. */
const SHORT: Record<string, string> = {
  BF: 'BOOT_FAIL', CA: 'CANCELLED', CD: 'COMPLETED', CF: 'CONFIGURING', CG: 'COMPLETING',
  DL: 'DEADLINE', F: 'FAILED', NF: 'NODE_FAIL', OOM: 'OUT_OF_MEMORY', PD: 'PENDING',
  PR: 'PREEMPTED', R: 'RUNNING', RD: 'RESV_DEL_HOLD', RF: 'REQUEUE_FED', RH: 'REQUEUE_HOLD',
  RQ: 'REQUEUED', RS: 'RESIZING', RV: 'REVOKED', SI: 'SIGNALING', SE: 'SPECIAL_EXIT',
  SO: 'STAGE_OUT', ST: 'STOPPED', S: 'SUSPENDED', TO: 'TIMEOUT',
};

/** Pending reasons meaning the job waits for a release, not for resources. */
const HELD_REASONS = /^(JobHeldUser|JobHeldAdmin|job_requeued_in_held_state|launch_failed_requeued_held)$/i;

/** The pending reason of a job whose dependency can never be satisfied. */
const NEVER_SATISFIED = /^DependencyNeverSatisfied$/i;

/**
 * The long state name in a raw cell: `CANCELLED by 1234` → CANCELLED, a truncated
 * `CANCELLED+` → CANCELLED (sacct's fixed width cut it), `CD` → COMPLETED.
 */
export function slurmLongState(raw: string): string | undefined {
  // Nearly every cell is a state name or code as it is: no need to split, trim and upper-case it.
  if (Object.hasOwn(LONG, raw)) return raw;
  if (Object.hasOwn(SHORT, raw)) return SHORT[raw];
  // The other forms repeat on every row of a listing (`CANCELLED by 0`, `OUT_OF_ME+`).
  return remembered(LONG_OF, raw, readLongState);
}

/** slurmLongState of a cell that is not a bare name or code. */
function readLongState(raw: string): string | undefined {
  const word = raw.trim().split(/\s+/)[0]?.replace(/\+$/, '').toUpperCase() ?? '';
  if (word in LONG) return word;
  if (word in SHORT) return SHORT[word];
  // A truncated name (sacct's aligned table cuts `OUT_OF_MEMORY` to `OUT_OF_ME+` on every row):
  // accept it when exactly one state starts with it.
  if (word.length < 4) return undefined;
  let match: string | undefined;
  for (const name of LONG_NAMES) {
    if (!name.startsWith(word)) continue;
    if (match !== undefined) return undefined;
    match = name;
  }
  return match;
}

/** Answers of pure functions of a cell's text, kept for the cells a listing repeats. */
type Memo<T> = Map<string, T>;
const LONG_OF: Memo<string | undefined> = new Map();
const EXIT_OF: Memo<ExitInfo | undefined> = new Map();
/** Past this many texts a memo starts over: hostile input cannot grow it without bound. */
const MEMO_SIZE = 512;

/** Longer texts are computed every time: a memo must not keep a huge hostile cell alive after its parse. */
const MEMO_TEXT = 64;

function remembered<T>(memo: Memo<T>, text: string, compute: (text: string) => T): T {
  if (text.length > MEMO_TEXT) return compute(text);
  if (memo.has(text)) return memo.get(text) as T;
  const value = compute(text);
  if (memo.size >= MEMO_SIZE) memo.clear();
  memo.set(text, value);
  return value;
}

/** Exit code and signal from Slurm's `exit:signal` pair. */
export interface ExitInfo {
  exitCode: number | null;
  signal: number | null;
}

/**
 * Read `ExitCode` (`a:b`). A real signal (1–64) gives `signal` and the shell's 128+N as
 * exit code, as the status file does; Slurm's own markers above 64 (`0:125` on an
 * OUT_OF_MEMORY job) are not signals and leave both null unless `a` is set.
 */
export function parseExitCode(text: string | undefined): ExitInfo | undefined {
  const m = /^\s*(-?\d+)(?::(\d+))?\s*$/.exec(text ?? '');
  if (!m) return undefined;
  const code = Number(m[1]);
  const sig = m[2] === undefined ? 0 : Number(m[2]);
  if (sig >= 1 && sig <= 64) return { exitCode: 128 + sig, signal: sig };
  if (sig > 64) return { exitCode: code !== 0 ? code : null, signal: null };
  return { exitCode: code, signal: null };
}

const NO_EXIT: ExitInfo = { exitCode: null, signal: null };

/** A normalised Slurm state with the exit facts that go with it. */
export interface SlurmStatus extends ExitInfo {
  state: JobState;
  reason?: StateReason;
}

/**
 * Normalise a raw state plus its exit code and pending reason. Returns undefined for an
 * unknown state word so callers can raise a ParseError carrying the text.
 */
export function normalizeSlurmState(raw: string, exit?: string, pendingReason?: string): SlurmStatus | undefined {
  const long = slurmLongState(raw);
  if (long === undefined) return undefined;
  const info = LONG[long]!;
  // Shared and never written: read only below.
  const parsed = (exit === undefined ? undefined : remembered(EXIT_OF, exit, parseExitCode)) ?? NO_EXIT;
  let { state } = info;
  let reason = info.reason;
  // Only a waiting job's reason can change its state or reason.
  const bareReason = (state === 'pending' || state === 'held') && pendingReason !== undefined ? pendingReason.replace(/^\(|\)$/g, '') : undefined;
  // Only a PENDING job waits on its reason: a REQUEUED row (sacct's record of an earlier
  // attempt) keeps the reason of that attempt, which says nothing about the job now.
  if (long === 'PENDING' && bareReason && HELD_REASONS.test(bareReason)) state = 'held';
  // A dependency that failed: the job can never start (it stays pending unless
  // kill_invalid_depend is set), so the record says why even while it is still listed.
  if (bareReason && NEVER_SATISFIED.test(bareReason)) reason = 'dependency_never_satisfied';
  // COMPLETED means every process exited 0: a record that also names another exit status
  // contradicts itself, and hpcq never settles a contradiction as success.
  if (state === 'completed' && (parsed.signal !== null || (parsed.exitCode ?? 0) !== 0)) {
    state = 'failed';
    reason = parsed.signal !== null ? 'signal' : 'nonzero_exit';
  }
  // A job killed by a signal reads FAILED with ExitCode 0:N.
  if (long === 'FAILED' && parsed.signal !== null) reason = 'signal';
  const final = state === 'completed' || state === 'failed' || state === 'cancelled';
  // A finished job that never ran, or was killed, has no exit status of its own: `0:0` says nothing.
  const noExit = !final || (state !== 'completed' && parsed.exitCode === 0 && parsed.signal === null);
  // Built field by field (not spread from a literal per row), in the order the type gives.
  const status = { state } as SlurmStatus;
  if (reason !== undefined) status.reason = reason;
  // COMPLETED means every process exited 0, even where the output has no ExitCode column.
  status.exitCode = noExit ? null : state === 'completed' ? (parsed.exitCode ?? 0) : parsed.exitCode;
  status.signal = final ? parsed.signal : null;
  return status;
}
