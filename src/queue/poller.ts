/**
 * One poller per (scheduler, host) in a process, serving every waiting Job and Queue.
 * Each cycle asks the resolver once for all tracked jobs (one squeue, at most one sacct);
 * cycles back off from 1 s to `queue_update` and start over when something changes. The
 * wrapper's status files are stat'ed every 0.5 s, which costs the scheduler nothing, so a
 * finished job is seen within about a second. While the scheduler does not answer, waits ride
 * it out up to their outage deadline (outage.ts), each poll bounded by a short timeout.
 */
import { EventEmitter } from 'node:events';
import { HpcqError } from '../errors.js';
import type { BatchBackend } from '../schedulers/backend.js';
import type { CommandRunner } from '../schedulers/command-runner.js';
import type { JobRecord, WaitOptions } from '../types.js';
import { isFinal, STATE_RANK } from '../core/states.js';
import type { Host } from '../util/host.js';
import { createLogger, logStateChange } from '../util/log.js';
import { advance, changed, matchTracked, settle } from './merge.js';
import { resolveOnce, type CommandFailure, type ResolveContext, type TrackedJob } from './resolve.js';
import { OutageWatch } from './outage.js';
import { RoomWaiters } from './room.js';
import { outageDeadlineMs, pollTimeoutMs, queueUpdateMs } from './settings.js';
import { StatusWatch } from './status-watch.js';

const log = createLogger('queue');

/** Queued (pending, held) and running (also suspended, completing) records of a listing; ended ones count for neither. */
function liveCounts(records: JobRecord[]): { queued: number; running: number } {
  const live = records.filter((r) => !isFinal(r.state));
  const queued = live.filter((r) => STATE_RANK[r.state] === 0).length;
  return { queued, running: live.length - queued };
}
const MIN_DELAY_MS = 1000;

/** Tuning of a poller; the defaults suit real clusters. */
export interface PollerOptions {
  /**
   * Consecutive failed queue commands that no retry can fix (command missing, unreadable
   * output) before waiters are rejected with QueueError (default 5). Transient failures (the
   * scheduler down or unreachable) are ridden out up to the outage deadline instead.
   */
  maxFailures?: number;
  /** Default outage deadline of waits, in ms (default: `[queue] outage_deadline`, one hour). */
  outageDeadlineMs?: number;
  /** Timeout of each poll command, in ms (default: `[queue] poll_timeout`, 20 s). */
  pollTimeoutMs?: number;
  /** How long a just-submitted job may be invisible to every source (default 15 s). */
  submitGraceMs?: number;
  /** How long to wait for a status file once the scheduler forgot a job (default 20 s). */
  statusGraceMs?: number;
}

interface Waiter {
  /** Outage deadline of this wait (ms); undefined: the poller's default. */
  outageDeadline: number | undefined;
  resolve(record: JobRecord): void;
  reject(err: Error): void;
}

/** What a poller polls: one back-end on one host, through its command runner. */
export interface PollerSource {
  /** The back-end's registry name (`slurm`): log lines name the scheduler by its qtype, as the local runner's say `local`. */
  readonly name: string;
  /** For messages ('Slurm'). */
  readonly title: string;
  readonly host: Host;
  readonly runner: CommandRunner;
  /** Whose jobs the listing names (undefined: every user's). */
  readonly user: string | undefined;
  /** The back-end's variant for this host (found once, see BatchBackend.specialize). */
  backend(): Promise<BatchBackend>;
}

/** Polls one scheduler on one host for every tracked job. Get it with getPoller(). */
export class Poller extends EventEmitter {
  /**
   * Counters for tests and benchmarks: scheduler commands run, poll cycles done, and the
   * most commands any one cycle ran.
   */
  readonly stats = { commands: 0, cycles: 0, maxCommandsPerCycle: 0 };
  private readonly jobs = new Map<string, TrackedJob>();
  private readonly waiters = new Map<string, Set<Waiter>>();
  private readonly room: RoomWaiters;
  private ctx: ResolveContext | undefined;
  private readonly limits: ResolveContext['limits'];
  private readonly watch: StatusWatch;
  private listed: { user: string | undefined; at: number; records: Promise<JobRecord[]> } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private dueAt = 0;
  private delay = MIN_DELAY_MS;
  private busy = false;
  /** A status file asked for a cycle while one ran: run the next one without backing off. */
  private kicked = false;
  private readonly outage: OutageWatch;
  private readonly deadlineMs: (() => number) | undefined;

  constructor(
    private readonly source: PollerSource,
    opts: PollerOptions = {},
  ) {
    super();
    this.room = new RoomWaiters(source.name);
    this.outage = new OutageWatch({ title: source.title, host: source.host.name }, opts.maxFailures ?? 5);
    this.deadlineMs = opts.outageDeadlineMs !== undefined ? () => opts.outageDeadlineMs! : undefined;
    const pollTimeout = opts.pollTimeoutMs;
    this.limits = {
      submitGraceMs: opts.submitGraceMs ?? 15_000,
      statusGraceMs: opts.statusGraceMs ?? 20_000,
      maxIdFilter: 100,
      pollTimeoutMs: () => pollTimeout ?? pollTimeoutMs(),
    };
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
    const fresh = this.listed && this.listed.user === user && Date.now() - this.listed.at < MIN_DELAY_MS;
    if (fresh) return this.listed!.records;
    const records = this.readListing(user);
    this.listed = { user, at: Date.now(), records };
    records.catch(() => (this.listed = undefined));
    return records;
  }

  private async readListing(user: string | undefined): Promise<JobRecord[]> {
    const { backend, runner } = await this.context();
    this.stats.commands++;
    const result = await runner.run(backend.queueCommand(user ? { user } : {}), {
      kind: 'queue',
      what: `Reading the ${this.source.title} queue failed`,
      accept: (r) => backend.emptyListing?.(r) ?? false,
    });
    const records = runner.parse(result, (t) => backend.parseQueue(t)).filter((r) => !user || !r.user || r.user === user);
    const named = new Set(records.map((r) => r.id));
    for (const job of this.liveJobs()) {
      const rec = matchTracked(records, named, job.id, job.status, backend.ids.split);
      if (rec && !isFinal(rec.state)) this.apply(job.id, settle(rec, backend.messages.neverSatisfiable));
    }
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
    return new Promise<JobRecord>((resolve, reject) => {
      const set = this.waiters.get(id) ?? new Set<Waiter>();
      this.waiters.set(id, set);
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        set.delete(waiter);
        if (set.size === 0) this.waiters.delete(id);
        if (timer) clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        this.refreshRefs();
      };
      const waiter: Waiter = {
        outageDeadline: opts.outageDeadline,
        resolve: (r) => (done(), resolve(r)),
        reject: (e) => (done(), reject(e)),
      };
      const onAbort = () => waiter.reject(new HpcqError(`Waiting for job ${id} was aborted`, { cause: opts.signal?.reason }));
      if (opts.signal?.aborted) return onAbort();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      if (opts.timeout !== undefined) {
        timer = setTimeout(() => waiter.reject(new HpcqError(`Timed out after ${opts.timeout} ms waiting for job ${id}`)), opts.timeout);
      }
      set.add(waiter);
      if (this.timer || this.busy) this.refreshRefs();
      else this.schedule();
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
      if (listing) this.room.release(liveCounts(listing.filter((r) => !ctx.user || !r.user || r.user === ctx.user)));
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
    if (isFinal(record.state)) for (const w of [...(this.waiters.get(id) ?? [])]) w.resolve(record);
    return true;
  }

  /** The default outage deadline (read from the config on every use). */
  private defaultDeadline(): number {
    return this.deadlineMs?.() ?? outageDeadlineMs();
  }

  /** A poll failed: waiters past their outage deadline (or a broken setup) get a QueueError. */
  private failed(failure: CommandFailure): void {
    const { result } = failure;
    const now = Date.now();
    const dflt = this.defaultDeadline();
    log.debug(`${result.command.join(' ')} failed (${result.exitCode}): ${result.stderr.trim()}`);
    this.outage.failed(failure, now, dflt);
    let told = false;
    for (const set of [...this.waiters.values()]) {
      for (const w of [...set]) {
        const err = this.outage.verdict(w.outageDeadline ?? dflt, now);
        if (err) (w.reject(err), (told = true));
      }
    }
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
