/**
 * Turning recorded submissions back into Jobs, from any process:
 * - `attachJob(idOrKey)`: a full Job for a submission recorded in a filedir's ledger: its state,
 *   stdout, stderr and a function's result. Found by submission key or by scheduler id; an id the
 *   ledger does not hold is followed by id only, as `wait(id)` does. A local job that has not
 *   ended can be attached only by the process running it (local jobs live and end with that
 *   process); once ended, its status file is the truth, from anywhere.
 * - `submit(task, { reuse: true })`: the decision comes from the ledger (src/ledger/reuse.ts);
 *   a "re-attach" becomes a Job over the earlier submission's files.
 * A job that has ended carries its end (`settled`); one still queued or running is followed by
 * the shared poller, which also watches its status file.
 */
import { basename, resolve } from 'node:path';
import { HpcqError } from '../errors.js';
import { hostFor } from '../util/host-for.js';
import type { FinalRecord } from '../job/dependency-watch.js';
import { normalizeDepends } from '../core/dependencies.js';
import { Job } from '../job/job.js';
import { releaseName } from '../job/naming.js';
import type { JobSpec } from '../job/spec.js';
import { findById, findByKey, recoverRecord, type LedgerRecord } from '../ledger/index.js';
import { decideReuse, rememberReused } from '../ledger/reuse.js';
import { recordedStatus, settledFromStatus } from '../ledger/settled.js';
import { ownJob } from '../ledger/submit-hook.js';
import type { CheckedOptions } from '../options/index.js';
import { peekScheduler, schedulerFor } from '../queue/index.js';
import { isFinal, type JobRecord } from '../types.js';
import type { Host } from '../util/host.js';
import { detectScheduler } from './detect.js';
import type { JobsByIdOptions } from './wait.js';

/** The Job of `record` (which has an id), built over `spec` (the caller's, or one made from the record). */
function jobFromRecord<R>(spec: JobSpec, record: LedgerRecord & { id: string }, host: Host, settled?: FinalRecord): Job<R> {
  const suffix = record.suffix ?? spec.suffix;
  const stem = basename(record.files.status).slice(0, -`.${suffix}.status`.length) || spec.stem;
  const earlier: JobSpec = { ...spec, name: record.name, stem, suffix, files: record.files };
  const job = new Job<R>(earlier, { name: record.name, qtype: record.qtype, id: record.id, host, ...(settled ? { settled } : {}) });
  // Peeked: following a local job must not start this process's runner (it belongs to another).
  if (!settled) peekScheduler(record.qtype, host)?.track(record.id, { statusFile: record.files.status });
  return job;
}

/** A final record as the end a Job is settled with. */
function finalOf(rec: JobRecord): FinalRecord {
  return { state: rec.state, ...(rec.reason ? { reason: rec.reason } : {}), exitCode: rec.exitCode };
}

/** Options of attachJob: the scheduler, host and filedir (default: the working directory) whose ledger holds the job. */
export type AttachOptions = JobsByIdOptions;

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
    return Job.follow(idOrKey, qtype, host) as Job<R>;
  }
  const own = ownJob(record);
  if (own instanceof Job) return own as Job<R>;
  // A local job's end as its runner recorded it in the machine's spool (src/local-runner/spool.ts)
  // beats its status file, which cannot tell a cancel from any other SIGTERM.
  const spooled = record.qtype === 'local' ? schedulerFor(record.qtype, host).latest(record.id) : undefined;
  const settled = spooled && isFinal(spooled.state) ? finalOf(spooled) : settledFromStatus(await recordedStatus(host, record));
  // Another process's local job that has not ended is followed through the spool while that process runs it.
  if (!settled && record.qtype === 'local' && !spooled) {
    throw new HpcqError(`attachJob: local job ${record.name} [${record.id}] has not ended, and no process of this machine runs it (its process is gone, or ran it on another machine)`);
  }
  return jobFromRecord<R>(specOf(record), record as LedgerRecord & { id: string }, host, settled);
}

/** The earlier submission as a Job, when `spec` asks to reuse and one stands; else undefined (submit it). */
export async function reuseEarlier<R>(spec: JobSpec): Promise<Job<R> | undefined> {
  if (spec.options.reuse !== true || spec.external) return undefined;
  const host = await hostFor(spec.options.remote);
  const decision = await decideReuse(spec, host, normalizeDepends(spec.options.depends));
  if (!decision.reuse) return undefined;
  // The name reserved for a new submission is not needed: the job keeps its earlier files.
  releaseName(spec.filedir, spec.stem, spec.suffix);
  const job = jobFromRecord<R>(spec, decision.record, host, decision.settled);
  rememberReused(job, host, decision);
  return job;
}
