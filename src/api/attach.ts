/**
 * `attachJob(idOrKey)`: a full Job for a submission recorded in a filedir's ledger, from any
 * process: its state, stdout, stderr and a function's result. Found by submission key or by
 * scheduler id; an id the ledger does not hold is followed by id only, as `wait(id)` does.
 * A local job that has not ended can be attached only by the process running it (local jobs
 * live and end with that process); once ended, its status file is the truth, from anywhere.
 */
import { resolve } from 'node:path';
import { HpcqError } from '../errors.js';
import { hostFor } from '../job/context.js';
import { Job } from '../job/job.js';
import type { JobSpec } from '../job/spec.js';
import { parseStatusFile } from '../job/status-file.js';
import { findById, findByKey, recoverRecord, type LedgerRecord } from '../ledger/index.js';
import { settledFromStatus } from '../ledger/settled.js';
import { ownJob } from '../ledger/submit-hook.js';
import type { CheckedOptions } from '../options/index.js';
import type { Host } from '../util/host.js';
import { detectScheduler } from './detect.js';
import { jobFromRecord } from './from-record.js';
import type { JobsByIdOptions } from './wait.js';

/** Options of attachJob. */
export interface AttachOptions extends JobsByIdOptions {
  /** The filedir whose ledger holds the job (default: the working directory). */
  filedir?: string;
}

const KEY = /^[0-9a-f]{64}$/;

/**
 * A spec standing for a recorded job. It is `external`, so the attached Job never rewrites the
 * job's scripts and never deletes them (clean them with cleanDir); its task only tells a
 * function (whose result is read) from a command.
 */
function specOf(record: LedgerRecord): JobSpec {
  const suffix = record.suffix ?? 'cluster';
  const func = record.task === 'function' || record.files.funcRunner !== undefined;
  const task = func ? function attached(): undefined { return undefined; } : record.files.exec;
  const options = { filedir: record.filedir, suffix } as CheckedOptions;
  return { task, options, qtype: record.qtype, name: record.name, stem: '', suffix, filedir: record.filedir, files: record.files, external: true };
}

async function lookUp(host: Host, filedir: string, idOrKey: string, opts: AttachOptions): Promise<LedgerRecord | undefined> {
  const found = KEY.test(idOrKey) ? (await findByKey(host, filedir, idOrKey)).at(-1) : await findById(host, filedir, idOrKey, opts.qtype);
  return found && (await recoverRecord(host, found)).record;
}

/** The Job of a recorded submission (by key or id), or of an id the ledger does not hold. */
export async function attachJob<R = unknown>(idOrKey: string, opts: AttachOptions = {}): Promise<Job<R>> {
  const host = await hostFor(opts.remote);
  const filedir = resolve(opts.filedir ?? '.');
  const record = await lookUp(host, filedir, idOrKey, opts);
  if (record?.id === undefined) {
    if (KEY.test(idOrKey)) {
      const why = record ? 'was interrupted before the scheduler gave it an id, and no witness knows it' : `is recorded in ${filedir}`;
      throw new HpcqError(`attachJob: no submission with key ${idOrKey} ${why}`);
    }
    const qtype = opts.qtype ?? (await detectScheduler(opts.remote ? { remote: opts.remote } : {}));
    return Job.attach(idOrKey, qtype, host) as Job<R>;
  }
  const own = ownJob(record);
  if (own instanceof Job) return own as Job<R>;
  const text = record.files.status ? await host.readFile(record.files.status) : undefined;
  const settled = settledFromStatus(text === undefined ? undefined : parseStatusFile(text));
  if (!settled && record.qtype === 'local') {
    throw new HpcqError(`attachJob: local job ${record.name} [${record.id}] has not ended; it belongs to the process that ran it, so another process can attach it only once its status file shows its end`);
  }
  return jobFromRecord<R>(specOf(record), record as LedgerRecord & { id: string }, host, settled);
}
