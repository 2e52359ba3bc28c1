/**
 * The small status file that every hpcq job wrapper writes beside its outputs
 * (`<name>.<suffix>.status`). It is the ground truth for a finished job when the
 * scheduler has forgotten it, and the poller stats it so a finished job is seen
 * without asking the scheduler.
 *
 * Format: one `key=value` per line, appended as the job progresses:
 *   start=<unix seconds>   written when the wrapper starts
 *   host=<hostname>        node the job ran on
 *   pid=<pid>              the wrapper's process id on that node
 *   jobid=<scheduler id>   when the scheduler provides one
 *   exit=<0..255>          the command's exit status (128+N when killed by signal N)
 *   signal=<N>             the wrapper itself was signalled (scancel, timeout): written when the
 *                          signal came, before the wrapper passed it on to the command
 *   reason=<StateReason>   the job ended without running its command (the dependency guard:
 *                          `dependency_never_satisfied`); it then counts as cancelled
 *   end=<unix seconds>     written last; its presence means the file is complete
 */
import type { JobRecord, JobState, StateReason } from '../types.js';
import { isFinal, stateFromExit } from './states.js';

export interface JobStatus {
  startTime?: Date;
  endTime?: Date;
  host?: string;
  /** The wrapper's process id on `host`. */
  pid?: number;
  jobId?: string;
  /** Exit status of the command, null while unknown. */
  exitCode: number | null;
  /** Signal that ended the command or wrapper, null when none. */
  signal: number | null;
  /** True once `end=` was written. */
  finished: boolean;
  /** Why the wrapper ended the job without running the command (`reason=`). */
  reason?: StateReason;
}

function toDate(seconds: string | undefined): Date | undefined {
  if (seconds === undefined || !/^\d+(\.\d+)?$/.test(seconds)) return undefined;
  return new Date(Number(seconds) * 1000);
}

function toInt(value: string | undefined): number | null {
  return value !== undefined && /^-?\d+$/.test(value) ? Number(value) : null;
}

/** Parse a status file's text; unknown keys and malformed lines are ignored (last value wins). */
export function parseStatusFile(text: string): JobStatus {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) values.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  const exitCode = toInt(values.get('exit'));
  let signal = toInt(values.get('signal'));
  if (signal === null && exitCode !== null && exitCode > 128 && exitCode < 128 + 65) signal = exitCode - 128;
  return {
    startTime: toDate(values.get('start')),
    endTime: toDate(values.get('end')),
    host: values.get('host'),
    pid: toInt(values.get('pid')) ?? undefined,
    jobId: values.get('jobid'),
    exitCode,
    signal,
    finished: values.has('end'),
    ...(values.get('reason') === 'dependency_never_satisfied' ? { reason: 'dependency_never_satisfied' as const } : {}),
  };
}

/** The ending a finished status file gives (undefined while it has no `end=`). */
export function stateFromStatus(status: JobStatus): { state: JobState; reason?: StateReason } | undefined {
  if (!status.finished) return undefined;
  if (status.reason) return { state: 'cancelled', reason: status.reason };
  return stateFromExit(status.exitCode, status.signal);
}

/**
 * A record built from the wrapper's status file alone (the scheduler has forgotten the job, or
 * cannot say how it ended). Only a finished file (with `end=`) gives a record.
 */
export function recordFromStatus(id: string, status: JobStatus): JobRecord | undefined {
  const ending = stateFromStatus(status);
  if (!ending) return undefined;
  const guarded = status.reason !== undefined;
  return {
    id,
    baseId: id.split(/[_.[+]/)[0] ?? id,
    rawState: 'status-file',
    state: ending.state,
    ...(ending.reason ? { reason: ending.reason } : {}),
    exitCode: guarded ? null : status.exitCode,
    signal: guarded ? null : status.signal,
    ...(status.startTime ? { startTime: status.startTime } : {}),
    ...(status.endTime ? { endTime: status.endTime } : {}),
    ...(status.host ? { nodes: [status.host] } : {}),
  };
}

/**
 * Combine a scheduler's final record with the job's finished status file: a guard ending wins
 * (the scheduler saw a job that exited 0), and a missing exit status is filled in.
 */
export function withStatus(record: JobRecord, status: JobStatus | undefined): JobRecord {
  if (!status?.finished || !isFinal(record.state)) return record;
  if (status.reason) return recordFromStatus(record.id, status)!;
  if (record.exitCode !== null) return record;
  if (record.state === 'cancelled' || record.reason === 'timeout') {
    return status.signal !== null && record.signal === null ? { ...record, signal: status.signal } : record;
  }
  return { ...record, exitCode: status.exitCode, signal: record.signal ?? status.signal };
}
