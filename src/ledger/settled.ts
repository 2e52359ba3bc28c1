/**
 * What a job's status file says of its end, as a final record: the one reading shared by reuse,
 * attach and the run report (the wrapper writes `end=` last, so a file without it is not an end).
 */
import type { FinalRecord } from '../job/dependency-watch.js';
import type { JobStatus } from '../core/status-file.js';

/** The job's end per its status file, or undefined while it has not ended (or never started). */
export function settledFromStatus(status: JobStatus | undefined): FinalRecord | undefined {
  if (!status?.finished) return undefined;
  if (status.exitCode === 0) return { state: 'completed', exitCode: 0 };
  return { state: 'failed', reason: status.signal !== null ? 'signal' : 'nonzero_exit', exitCode: status.exitCode };
}
