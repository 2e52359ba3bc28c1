/**
 * The local runner's side of the machine's spool (spool.ts): it records each submitted job and
 * its end there, so other processes can see them, and reads other processes' jobs as job
 * records (for `hpcq wait ID`, `hpcq queue`, and dependencies named by id). A view is cached
 * for CACHE_MS, because a Job's getters ask for it synchronously and often.
 */
import type { SchedulerSubmission } from '../schedulers/scheduler.js';
import { isFinal, type WaitOptions } from '../types.js';
import { bounded } from '../util/bounded.js';
import { POLL_MS } from './foreign-parents.js';
import { LOCAL_USER } from './job.js';
import type { LocalPool } from './local-pool.js';
import type { ForeignJob, Spool, SpoolEntry } from './spool.js';
import type { LocalJobRecord } from './types.js';

const CACHE_MS = 250;
/** How long a cancel of another process's job waits to see that process end it. */
const CANCEL_WAIT_MS = 15_000;

/** A job of another process as a record of this runner's kind. */
function recordOf(seen: ForeignJob): LocalJobRecord {
  const e = seen.entry;
  const r: LocalJobRecord = { id: e.id, baseId: e.id, name: e.name, ...(LOCAL_USER ? { user: LOCAL_USER } : {}), state: seen.state, rawState: seen.state.toUpperCase(), exitCode: seen.exitCode, signal: null, nodes: ['localhost'], nodeCount: 1, submitTime: new Date(e.submitted) };
  if (seen.reason) r.reason = seen.reason;
  if (seen.startTime) r.startTime = seen.startTime;
  if (seen.endTime) r.endTime = seen.endTime;
  return r;
}

/** A job nothing on this machine knows any more. */
function vanished(id: string): LocalJobRecord {
  return { id, baseId: id, state: 'failed', reason: 'vanished', rawState: 'FAILED', exitCode: null, signal: null };
}

/** What one runner shares with, and sees of, the other processes of this machine. */
export class SharedView {
  readonly #entries = new Map<string, SpoolEntry>();
  readonly #cache = new Map<string, { at: number; rec: LocalJobRecord | undefined }>();

  constructor(
    private readonly spool: Spool | undefined,
    private readonly pool: LocalPool,
  ) {
    // The end goes to the spool too: a job cancelled while queued leaves no status file to tell it.
    if (spool) pool.on('end', (rec: LocalJobRecord) => this.#recordEnd(rec));
  }

  /** Publish a job just queued by this runner. */
  recordSubmitted(id: string, sub: SchedulerSubmission): void {
    if (!this.spool) return;
    const entry: SpoolEntry = { id, name: sub.name, submitted: Date.now(), ...(sub.statusFile ? { statusFile: sub.statusFile } : {}), ...(sub.outfile ? { stdout: sub.outfile } : {}), ...(sub.errfile ? { stderr: sub.errfile } : {}) };
    // Watching before the entry is out: a cancel request can only follow the entry.
    this.spool.onCancelRequest((target) => {
      if (this.#entries.has(target)) void this.pool.cancel(target).catch(() => {});
    });
    this.#entries.set(id, entry);
    this.spool.record(entry);
  }

  /** Cancel another process's job: ask its owner, then wait (up to CANCEL_WAIT_MS) to see it end. False when no process here has it. */
  async cancelForeign(id: string): Promise<boolean> {
    if (!this.spool?.requestCancel(id)) return false;
    await this.waitForeign(id, { timeout: CANCEL_WAIT_MS });
    return true;
  }

  #recordEnd(rec: LocalJobRecord): void {
    const entry = this.#entries.get(rec.id);
    if (!entry) return;
    this.#entries.delete(rec.id);
    this.spool!.record({ ...entry, ended: { state: rec.state, ...(rec.reason ? { reason: rec.reason } : {}), exitCode: rec.exitCode } });
  }

  /** Another process's job `id`, or undefined (also for ids of this process). */
  foreign(id: string, fresh = false): LocalJobRecord | undefined {
    if (!this.spool) return undefined;
    const hit = this.#cache.get(id);
    if (!fresh && hit && (Date.now() - hit.at < CACHE_MS || (hit.rec && isFinal(hit.rec.state)))) return hit.rec;
    const seen = this.spool.lookup(id);
    const rec = seen && recordOf(seen);
    this.#cache.set(id, { at: Date.now(), rec });
    return rec;
  }

  /** Resolves with another process's job once it has ended (bounded by the wait's timeout and signal). */
  waitForeign(id: string, opts?: WaitOptions): Promise<LocalJobRecord> {
    let over = false;
    const poll = async (): Promise<LocalJobRecord> => {
      for (let last = this.foreign(id, true); ; last = this.foreign(id, true) ?? last) {
        // An entry removed meanwhile (its state dir cleaned) keeps its last view.
        if (!last || isFinal(last.state) || over) return last ?? vanished(id);
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    };
    return bounded(poll(), `local job ${id}`, opts).finally(() => (over = true));
  }

  /** Pending and running jobs of the other processes of this machine. */
  othersLive(): LocalJobRecord[] {
    return this.spool ? this.spool.list().map(recordOf) : [];
  }
}
