/**
 * One poller per (scheduler, host) in a process, serving every waiting Job and Queue.
 * Each cycle asks the resolver once for all tracked jobs (one squeue, at most one sacct);
 * cycles back off from 1 s to `queue_update` and start over when something changes. The
 * wrapper's status files are stat'ed every 0.5 s, which costs the scheduler nothing, so a
 * finished job is seen within about a second. While the scheduler does not answer, waits ride
 * it out up to their outage deadline (outage.ts), each poll bounded by a short timeout.
 */
import { EventEmitter } from 'node:events';
import type { JobRecord, WaitOptions } from '../types.js';
import { isFinal } from '../core/states.js';
import type { Host } from '../util/host.js';
import { createLogger, logStateChange } from '../util/log.js';
import { JobWaiters } from './job-waiters.js';
import { liveInListing, ofUser, readListing, SharedListing } from './listing.js';
import { advance, changed } from './merge.js';
import { defaultOutageDeadline, resolveLimits, type PollerOptions, type PollerSource } from './poller-source.js';
import { resolveOnce, type CommandFailure, type ResolveContext, type TrackedJob } from './resolve.js';
import { OutageWatch } from './outage.js';
import { liveCounts, RoomWaiters } from './room.js';
import { queueUpdateMs } from './settings.js';
import { StatusWatch } from './status-watch.js';

export type { PollerOptions, PollerSource } from './poller-source.js';

const log = createLogger('queue');
const MIN_DELAY_MS = 1000;

/** Polls one scheduler on one host for every tracked job. Get it with getPoller(). */
export class Poller extends EventEmitter {
  /**
   * Counters for tests and benchmarks: scheduler commands run, poll cycles done, and the
   * most commands any one cycle ran.
   */
  readonly stats = { commands: 0, cycles: 0, maxCommandsPerCycle: 0 };
  private readonly jobs = new Map<string, TrackedJob>();
  private readonly waiters = new JobWaiters();
  private readonly room: RoomWaiters;
  private ctx: ResolveContext | undefined;
  private readonly limits: ResolveContext['limits'];
  private readonly watch: StatusWatch;
  private readonly listing = new SharedListing((user) => this.readListing(user), MIN_DELAY_MS);
  private timer: NodeJS.Timeout | undefined;
  private dueAt = 0;
  private delay = MIN_DELAY_MS;
  private busy = false;
  /** A status file asked for a cycle while one ran: run the next one without backing off. */
  private kicked = false;
  private readonly outage: OutageWatch;
  /** The default outage deadline (read from the config on every use, unless given). */
  private readonly defaultDeadline: () => number;

  constructor(
    private readonly source: PollerSource,
    opts: PollerOptions = {},
  ) {
    super();
    this.room = new RoomWaiters(source.name);
    this.outage = new OutageWatch({ title: source.title, host: source.host.name }, opts.maxFailures ?? 5);
    this.defaultDeadline = defaultOutageDeadline(opts);
    this.limits = resolveLimits(opts);
    this.watch = new StatusWatch(source.host, {
      jobs: () => this.liveJobs(),
      onFinished: (job) => this.statusFinished(job),
      hasWaiters: () => this.waiters.size > 0,
    });
  }

  /** The host polled. */
  get host(): Host {
    return this.source.host;
  }

  /** The resolver's context, with the back-end's variant for the host (asked once). */
  private async context(): Promise<ResolveContext> {
    this.ctx ??= {
      backend: await this.source.backend(),
      runner: this.source.runner,
      user: this.source.user,
      limits: this.limits,
      stats: this.stats,
      historyOffUntil: 0,
      readStatus: (job) => this.watch.read(job),
    };
    return this.ctx;
  }

  /**
   * The jobs of `user` (undefined: everyone's) as one queue command lists them now; concurrent
   * callers within a second share one command. Its records also advance the jobs this poller
   * follows. Rejects with QueueError (after the runner's transient retries).
   */
  list(user: string | undefined): Promise<JobRecord[]> {
    return this.listing.get(user);
  }

  private async readListing(user: string | undefined): Promise<JobRecord[]> {
    const ctx = await this.context();
    const records = await readListing(ctx, this.source.title, user);
    for (const [id, rec] of liveInListing(records, this.liveJobs(), ctx.backend)) this.apply(id, rec);
    return records;
  }

  /** Resolve once fewer than `max` of the user's jobs are queued or running, as the poller's cycles see it. */
  waitForRoom(max: number, opts: WaitOptions = {}): Promise<void> {
    const wait = this.room.add(max, opts, () => this.refreshRefs());
    this.kick();
    return wait;
  }

  /** Start following a job (again: updates its status file path). */
  track(id: string, opts: { statusFile?: string } = {}): void {
    const job = this.jobs.get(id);
    if (job) {
      if (opts.statusFile) job.statusFile = opts.statusFile;
    } else {
      this.jobs.set(id, { id, since: Date.now(), ...(opts.statusFile ? { statusFile: opts.statusFile } : {}) });
    }
    this.delay = MIN_DELAY_MS;
    this.schedule();
    this.watch.start();
  }

  /** Stop following a job; its waiters are left pending no longer than their own timeout. */
  untrack(id: string): void {
    this.jobs.delete(id);
    if (this.liveJobs().length === 0) this.stop();
  }

  /** The newest record of a tracked job. */
  latest(id: string): JobRecord | undefined {
    return this.jobs.get(id)?.record;
  }

  /**
   * Resolve with the job's record once it is final (completed, failed, cancelled, unknown).
   * Rejects with QueueError when the scheduler has not answered for longer than the outage
   * deadline (or fails in a way no retry fixes), and with HpcqError on timeout or abort.
   */
  waitFor(id: string, opts: WaitOptions = {}): Promise<JobRecord> {
    if (!this.jobs.has(id)) this.track(id);
    const record = this.latest(id);
    if (record && isFinal(record.state)) return Promise.resolve(record);
    return this.waiters.add(id, opts, {
      changed: () => this.refreshRefs(),
      added: () => (this.timer || this.busy ? this.refreshRefs() : this.schedule()),
    });
  }

  /** Timers hold the process open only while someone waits. */
  private refreshRefs(): void {
    if (this.waiters.size > 0 || this.room.size > 0) this.timer?.ref();
    else this.timer?.unref();
    this.watch.refresh();
  }

  /** Jobs still worth polling. */
  private liveJobs(): TrackedJob[] {
    return [...this.jobs.values()].filter((j) => !j.record || !isFinal(j.record.state));
  }

  /** Arm the next cycle (or stop when nothing is left to poll). */
  private schedule(delay = this.delay): void {
    if (this.liveJobs().length === 0 && this.room.size === 0) return this.stop();
    const due = Date.now() + delay;
    // An earlier cycle already armed stays: jobs tracked in a steady stream must not postpone it.
    if (!this.busy && !(this.timer && this.dueAt <= due)) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.cycle(), delay);
      this.dueAt = due;
    }
    this.refreshRefs();
  }

  private stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.watch.stop();
  }

  /** Run a cycle soon (a status file says a job ended; ask the scheduler how). */
  private kick(): void {
    this.delay = MIN_DELAY_MS;
    if (this.busy) this.kicked = true;
    else this.schedule(0);
  }

  private async cycle(): Promise<void> {
    this.timer = undefined;
    this.busy = true;
    let anyChange = false;
    const before = this.stats.commands;
    try {
      this.stats.cycles++;
      const ctx = await this.context();
      const { updates, failure, listing } = await resolveOnce(ctx, this.liveJobs(), Date.now(), { everyJob: this.room.size > 0 });
      if (failure) this.failed(failure);
      else this.outage.recovered(Date.now());
      for (const [id, record] of updates) anyChange = this.apply(id, record) || anyChange;
      if (listing) this.room.release(liveCounts(ofUser(listing, ctx.user)));
    } catch (err) {
      log.warn(`queue poll failed: ${(err as Error).message}`);
    } finally {
      this.busy = false;
      this.stats.maxCommandsPerCycle = Math.max(this.stats.maxCommandsPerCycle, this.stats.commands - before);
    }
    this.delay = anyChange || this.kicked ? MIN_DELAY_MS : Math.min(this.delay * 2, Math.max(MIN_DELAY_MS, queueUpdateMs()));
    this.schedule(this.kicked ? 0 : this.delay);
    this.kicked = false;
  }

  /** Take a new record for a job; returns whether anything changed. */
  private apply(id: string, next: JobRecord): boolean {
    const job = this.jobs.get(id);
    if (!job) return false;
    const record = advance(job.record, next);
    if (!changed(job.record, record)) return false;
    const before = job.record?.state;
    job.record = record;
    logStateChange(log, `${this.source.name} ${id}`, before, record.state, record.reason ?? (record.state === 'pending' ? record.pendingReason : undefined));
    this.emit('change', record);
    if (isFinal(record.state)) this.waiters.resolve(id, record);
    return true;
  }

  /** A poll failed: waiters past their outage deadline (or a broken setup) get a QueueError. */
  private failed(failure: CommandFailure): void {
    const { result } = failure;
    const now = Date.now();
    const dflt = this.defaultDeadline();
    log.debug(`${result.command.join(' ')} failed (${result.exitCode}): ${result.stderr.trim()}`);
    this.outage.failed(failure, now, dflt);
    let told = this.waiters.rejectPast(dflt, (deadline) => this.outage.verdict(deadline, now));
    const roomErr = this.outage.verdict(dflt, now);
    if (roomErr && this.room.size > 0) (this.room.rejectAll(roomErr), (told = true));
    if (told && !failure.transient) this.outage.resetPermanent();
  }

  /** A status file reports the end: exit 0 settles at once, anything else asks the scheduler why. */
  private statusFinished(job: TrackedJob): void {
    const fromFile = job.status && job.status.exitCode === 0 && job.status.signal === null;
    if (fromFile) this.apply(job.id, { ...this.watch.recordOf(job)! });
    else this.kick();
  }
}
