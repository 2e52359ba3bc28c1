/**
 * The ledger's one hook into submission: `recordSubmission` wraps the scheduler call of
 * `Job.submit`. Before the call it writes a `submitting` record and marks the submission script
 * with the key; after it, the record gets the scheduler's id. A refused submission removes its
 * record. A ledger that cannot be written is logged and never stops the submission itself.
 */
import { dirname } from 'node:path';
import type { DependencyKind } from '../schedulers/backend.js';
import type { DependencySpec, DependencyRef } from '../core/dependencies.js';
import type { JobSpec } from '../job/spec.js';
import type { Host } from '../util/host.js';
import { createLogger } from '../util/log.js';
import { redactHost, submissionKey } from './key.js';
import { markScript } from './marker.js';
import { removeEmptyLedger } from './prune.js';
import { RECORD_VERSION, type LedgerDependency, type LedgerRecord } from './record.js';
import { findById, recordFileName, removeRecord, writeRecord } from './store.js';

const log = createLogger('ledger');
/** Keys of jobs submitted by this process: by Job object, and by `<host>:<id>`. */
const keyOfJob = new WeakMap<object, string>();
const keyOfId = new Map<string, string>();

/** What the hook needs to know about the submission. */
export interface SubmissionContext {
  /** The Job being submitted (its key is remembered for its dependents). */
  job: object;
  spec: JobSpec;
  host: Host;
  /** The job's dependencies as given (all of them, also those already satisfied). */
  depends: DependencySpec;
}

/** The Job behind each record this process wrote, by record file (a local job is only followed by its own process). */
const jobOfFile = new Map<string, WeakRef<object>>();

/** The Job of this process that a record belongs to, if this process submitted it and still holds it. */
export function ownJob(record: { file: string }): object | undefined {
  return jobOfFile.get(record.file)?.deref();
}

/** Jobs of this process that were re-attached from the ledger rather than submitted. */
const reusedJobs = new WeakSet<object>();

/** Remember the key of a job this process submitted (or re-attached, with `reused`). */
export function rememberKey(job: object, host: Host, id: string, key: string, opts: { reused?: boolean } = {}): void {
  keyOfJob.set(job, key);
  keyOfId.set(`${host.name}:${id}`, key);
  if (opts.reused) reusedJobs.add(job);
}

/** True for a Job this process handed to the scheduler itself (not re-attached). */
export function freshlySubmitted(job: object): boolean {
  return keyOfJob.has(job) && !reusedJobs.has(job);
}

/** The submission key of a Job (or id on a host) submitted by this process, if any. */
export function keyOf(job: object | string, host?: Host): string | undefined {
  return typeof job === 'string' ? keyOfId.get(`${host?.name ?? ''}:${job}`) : keyOfJob.get(job);
}

/** The id and key of one dependency: this process's memory first, then the ledgers it may be in. */
async function describe(ref: DependencyRef, kind: DependencyKind, host: Host, filedir: string): Promise<LedgerDependency> {
  const obj = typeof ref === 'object' ? ref : undefined;
  const id = obj ? obj.id : String(ref);
  const known = (obj && keyOfJob.get(obj)) ?? (id !== undefined ? keyOfId.get(`${host.name}:${id}`) : undefined);
  if (known) return { kind, key: known, ...(id !== undefined ? { id } : {}) };
  if (id === undefined) return { kind, key: 'unsubmitted' };
  // A Job from another process was found by id only; its files (if known) say where its ledger is.
  const submit = (obj as { files?: { submit?: string } } | undefined)?.files?.submit;
  const dirs = [...new Set([filedir, ...(submit ? [dirname(submit)] : [])])];
  for (const dir of dirs) {
    const rec = await findById(host, dir, id).catch(() => undefined);
    if (rec) return { kind, id, key: rec.key };
  }
  return { kind, id, key: `id:${id}` };
}

/** Every dependency with its id and key, in the order given. */
export async function ledgerDependencies(spec: DependencySpec, host: Host, filedir: string): Promise<LedgerDependency[]> {
  const kinds = Object.keys(spec) as DependencyKind[];
  const list = kinds.flatMap((kind) => spec[kind].map((ref) => ({ kind, ref })));
  return Promise.all(list.map(({ kind, ref }) => describe(ref, kind, host, filedir)));
}

/** Run `submit` (which returns the scheduler id) with the submission recorded around it. */
export async function recordSubmission(ctx: SubmissionContext, submit: () => Promise<string>): Promise<string> {
  const { spec, host } = ctx;
  const depends = await ledgerDependencies(ctx.depends, host, spec.filedir);
  const key = submissionKey(spec, host, depends);
  const now = new Date();
  const pending: LedgerRecord = {
    v: RECORD_VERSION, key, phase: 'submitting', qtype: spec.qtype, host: redactHost(host.name), name: spec.name,
    filedir: spec.filedir, files: spec.files, depends, submitTime: now.toISOString(), file: recordFileName(key, now),
    task: typeof spec.task === 'function' ? 'function' : 'command', suffix: spec.suffix,
  };
  const written = await attempt(`record the submission of ${spec.name}`, async () => {
    await writeRecord(host, pending);
    if (!spec.external) await markScript(host, spec.files.submit, key);
  });
  let id: string;
  try {
    id = await submit();
  } catch (err) {
    if (written) {
      await attempt(`remove the record of refused job ${spec.name}`, async () => {
        await removeRecord(host, pending);
        await removeEmptyLedger(host, spec.filedir);
      });
    }
    throw err;
  }
  rememberKey(ctx.job, host, id, key);
  jobOfFile.set(pending.file, new WeakRef(ctx.job));
  await attempt(`record job ${spec.name} [${id}]`, () => writeRecord(host, { ...pending, phase: 'submitted', id }));
  return id;
}

/** Run a ledger step; a failure is logged (the job itself is not the ledger's to stop). */
async function attempt(what: string, step: () => Promise<void>): Promise<boolean> {
  try {
    await step();
    return true;
  } catch (err) {
    log.warn(`could not ${what} in the ledger: ${(err as Error).message}`);
    return false;
  }
}
