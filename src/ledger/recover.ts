/**
 * Recovering a submission whose record stayed `submitting`: the process died between handing
 * the job to the scheduler and writing its id. The job's own files tell whether it reached the
 * scheduler: the submission script carries the key (marker.ts), and the wrapper writes the
 * scheduler's id into the status file as soon as the job starts (`jobid=`).
 */
import { parseStatusFile } from '../job/status-file.js';
import type { Host } from '../util/host.js';
import { parseKeyMarker } from './marker.js';
import type { LedgerRecord } from './record.js';
import { writeRecord } from './store.js';

/** What recovery found for a record. */
export interface Recovery {
  record: LedgerRecord;
  /** 'ledger': the record already had its id; 'status-file': found and written back; 'none': not (yet) known. */
  source: 'ledger' | 'status-file' | 'none';
}

/**
 * Complete a `submitting` record from the job's files when they prove it was submitted (its
 * script carries this key and its status file a job id), and write it back. A record whose job
 * has not started yet stays `submitting`: a scheduler lookup by key is the only other witness.
 */
export async function recoverRecord(host: Host, record: LedgerRecord): Promise<Recovery> {
  if (record.phase === 'submitted') return { record, source: 'ledger' };
  const script = await host.readFile(record.files.submit);
  if (script === undefined || parseKeyMarker(script) !== record.key) return { record, source: 'none' };
  const status = record.files.status ? await host.readFile(record.files.status) : undefined;
  const id = status === undefined ? undefined : parseStatusFile(status).jobId;
  if (!id) return { record, source: 'none' };
  const done: LedgerRecord = { ...record, phase: 'submitted', id };
  await writeRecord(host, done);
  return { record: done, source: 'status-file' };
}
