/**
 * Recovering a submission whose record stayed `submitting`: the process died between handing
 * the job to the scheduler and writing its id. Two witnesses can tell the id, tried in order:
 * - the job's own files: the submission script carries the key (marker.ts), and the wrapper
 *   writes the scheduler's id into the status file as soon as the job starts (`jobid=`);
 * - the scheduler, for a job that has not started: among the user's live jobs with the record's
 *   name, the one whose stored script carries the key (back-ends with a `scriptCommand`).
 */
import { parseStatusFile } from '../core/status-file.js';
import { Queue } from '../queue/index.js';
import { createCommandRunner, schedulerEnvPattern } from '../schedulers/command-runner.js';
import { BACKENDS, getBackend, isBatchQtype } from '../schedulers/registry.js';
import { isFinal } from '../types.js';
import type { Host } from '../util/host.js';
import { parseKeyMarker } from './marker.js';
import type { LedgerRecord } from './record.js';
import { writeRecord } from './store.js';

/** What recovery found for a record. */
export interface Recovery {
  record: LedgerRecord;
  /** 'ledger': the record had its id; 'status-file' / 'scheduler': found there and written back; 'none': not known. */
  source: 'ledger' | 'status-file' | 'scheduler' | 'none';
}

/** Jobs of the same name looked at, at most: each costs one scheduler command. */
const MAX_CANDIDATES = 20;

async function fromFiles(host: Host, record: LedgerRecord): Promise<string | undefined> {
  const status = record.files.status ? await host.readFile(record.files.status) : undefined;
  return status === undefined ? undefined : parseStatusFile(status).jobId;
}

async function fromScheduler(host: Host, record: LedgerRecord): Promise<string | undefined> {
  if (!isBatchQtype(record.qtype)) return undefined;
  const backend = getBackend(record.qtype);
  if (!backend.scriptCommand) return undefined;
  // The one command runner: command directory, scheduler env stripped, transient retries.
  const runner = createCommandRunner(backend, host, schedulerEnvPattern(BACKENDS));
  const queue = await new Queue({ qtype: record.qtype, host }).update().catch(() => undefined);
  const candidates = [...(queue?.jobs.values() ?? [])].filter((j) => j.name === record.name && !isFinal(j.state)).slice(0, MAX_CANDIDATES);
  for (const job of candidates) {
    // A job that left the scheduler between the listing and this call has no script: not this one.
    const result = await runner.run(backend.scriptCommand(job.id), { timeoutMs: 30_000 }).catch(() => undefined);
    if (result && parseKeyMarker(result.stdout) === record.key) return job.id;
  }
  return undefined;
}

/**
 * Complete a `submitting` record from whichever witness knows the job's id (see file comment)
 * and write it back; a record nobody can vouch for stays `submitting`.
 */
export async function recoverRecord(host: Host, record: LedgerRecord): Promise<Recovery> {
  if (record.phase === 'submitted') return { record, source: 'ledger' };
  const script = await host.readFile(record.files.submit);
  if (script === undefined || parseKeyMarker(script) !== record.key) return { record, source: 'none' };
  const filed = await fromFiles(host, record);
  const id = filed ?? (await fromScheduler(host, record));
  if (!id) return { record, source: 'none' };
  const done: LedgerRecord = { ...record, phase: 'submitted', id };
  await writeRecord(host, done);
  return { record: done, source: filed ? 'status-file' : 'scheduler' };
}
