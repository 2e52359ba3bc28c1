/**
 * A full Job over a recorded submission's files: what `reuse` and `attachJob` give back. Its
 * state, stdout, stderr and a function's result read exactly as they would in the process that
 * submitted it. A job that has ended carries its end (`settled`); one still queued or running
 * is followed by the shared poller, which also watches its status file.
 */
import { basename } from 'node:path';
import { Job } from '../job/job.js';
import type { FinalRecord } from '../job/dependency-watch.js';
import type { JobSpec } from '../job/spec.js';
import { trackerFor } from '../job/tracker.js';
import type { LedgerRecord } from '../ledger/index.js';
import type { Host } from '../util/host.js';

/** The Job of `record` (which has an id), built over `spec` (the caller's, or one made from the record). */
export function jobFromRecord<R>(spec: JobSpec, record: LedgerRecord & { id: string }, host: Host, settled?: FinalRecord): Job<R> {
  const suffix = record.suffix ?? spec.suffix;
  const stem = basename(record.files.status).slice(0, -`.${suffix}.status`.length) || spec.stem;
  const earlier: JobSpec = { ...spec, name: record.name, stem, suffix, files: record.files };
  const job = new Job<R>(earlier, { name: record.name, qtype: record.qtype, id: record.id, host, ...(settled ? { settled } : {}) });
  if (!settled) trackerFor(record.qtype, host).track(record.id, record.files.status);
  return job;
}
