/**
 * What a job's status file says of its end, as a final record: the one reading shared by reuse,
 * attach and the run report (the wrapper writes `end=` last, so a file without it is not an end).
 */
import type { FinalRecord } from '../job/dependency-watch.js';
import { parseStatusFile, type JobStatus } from '../core/status-file.js';
import type { Host } from '../util/host.js';
import type { LedgerRecord } from './record.js';

/** The job's end per its status file, or undefined while it has not ended (or never started). */
export function settledFromStatus(status: JobStatus | undefined): FinalRecord | undefined {
  if (!status?.finished) return undefined;
  if (status.exitCode === 0) return { state: 'completed', exitCode: 0 };
  return { state: 'failed', reason: status.signal !== null ? 'signal' : 'nonzero_exit', exitCode: status.exitCode };
}

/** The status file of a recorded job, read and parsed; undefined when it has none (yet). */
export async function recordedStatus(host: Host, record: Pick<LedgerRecord, 'files'>): Promise<JobStatus | undefined> {
  const text = record.files.status ? await host.readFile(record.files.status) : undefined;
  return text === undefined ? undefined : parseStatusFile(text);
}
