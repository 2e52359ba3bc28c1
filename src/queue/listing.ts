/**
 * `Poller.list` (what `Queue.update` shows): one user's jobs as one queue command lists them,
 * shared by the callers of the same second. Read outside the poller's cycles, a listing also
 * advances the jobs the poller follows.
 */
import { isFinal } from '../core/states.js';
import type { BatchBackend } from '../schedulers/backend.js';
import type { JobRecord } from '../types.js';
import { matchTracked, settle } from './merge.js';
import type { ResolveContext, TrackedJob } from './resolve.js';

/** The records of `user`'s jobs (all of them without a user; a record without a user is kept). */
export function ofUser(records: JobRecord[], user: string | undefined): JobRecord[] {
  return records.filter((r) => !user || !r.user || r.user === user);
}

/** One queue command for `user`'s jobs, through the runner (its transient retries, its QueueError). */
export async function readListing(ctx: ResolveContext, title: string, user: string | undefined): Promise<JobRecord[]> {
  const { backend, runner } = ctx;
  ctx.stats.commands++;
  const result = await runner.run(backend.queueCommand(user ? { user } : {}), {
    kind: 'queue',
    what: `Reading the ${title} queue failed`,
    accept: (r) => backend.emptyListing?.(r) ?? false,
  });
  return ofUser(runner.parse(result, (t) => backend.parseQueue(t)), user);
}

/** The new records of the tracked `jobs` that a listing shows still live. */
export function liveInListing(records: JobRecord[], jobs: TrackedJob[], backend: BatchBackend): Array<[string, JobRecord]> {
  const named = new Set(records.map((r) => r.id));
  const found: Array<[string, JobRecord]> = [];
  for (const job of jobs) {
    const rec = matchTracked(records, named, job.id, job.status, backend.ids.split);
    if (rec && !isFinal(rec.state)) found.push([job.id, settle(rec, backend.messages.neverSatisfiable)]);
  }
  return found;
}

/** One listing per user shared by the callers within `freshMs`; a failed one is not kept. */
export class SharedListing {
  private listed: { user: string | undefined; at: number; records: Promise<JobRecord[]> } | undefined;

  constructor(
    private readonly read: (user: string | undefined) => Promise<JobRecord[]>,
    private readonly freshMs: number,
  ) {}

  get(user: string | undefined): Promise<JobRecord[]> {
    const fresh = this.listed && this.listed.user === user && Date.now() - this.listed.at < this.freshMs;
    if (fresh) return this.listed!.records;
    const records = this.read(user);
    this.listed = { user, at: Date.now(), records };
    records.catch(() => (this.listed = undefined));
    return records;
  }
}
