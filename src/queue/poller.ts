/**
 * One poller per (scheduler, host) in a process, serving every waiting Job and Queue.
 * Each cycle asks the resolver once for all tracked jobs (one squeue, at most one sacct);
 * cycles back off from 1 s to `queue_update` and start over when something changes. The
 * wrapper's status files are stat'ed every 0.5 s, which costs the scheduler nothing, so a
 * finished job is seen within about a second.
 */
import { EventEmitter } from 'node:events';
import { userInfo } from 'node:os';
import { HpcqError, QueueError } from '../errors.js';
import { getBackend } from '../schedulers/index.js';
import { isFinal, type JobRecord, type WaitOptions } from '../types.js';
import type { Host } from '../util/host.js';
import { createLogger, logStateChange } from '../util/log.js';
import { advance, changed, settle } from './merge.js';
import { resolveOnce, type CommandFailure, type ResolveContext, type TrackedJob } from './resolve.js';
import { queueUpdateMs } from './settings.js';
import { StatusWatch } from './status-watch.js';

const log = createLogger('queue');
const MIN_DELAY_MS = 1000;

/** Tuning of a poller; the defaults suit real clusters. */
export interface PollerOptions {
  /** Consecutive failed queue commands before waiters are rejected with QueueError (default 5). */
  maxFailures?: number;
  /** How long a just-submitted job may be invisible to every source (default 15 s). */
  submitGraceMs?: number;
  /** How long to wait for a status file once the scheduler forgot a job (default 20 s). */
  statusGraceMs?: number;
}

interface Waiter {
  resolve(record: JobRecord): void;
  reject(err: Error): void;
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
  private readonly ctx: ResolveContext;
  private readonly watch: StatusWatch;
  private timer: NodeJS.Timeout | undefined;
  private dueAt = 0;
  private delay = MIN_DELAY_MS;
  private busy = false;
  /** A status file asked for a cycle while one ran: run the next one without backing off. */
  private kicked = false;
  private failures = 0;
  private readonly maxFailures: number;

  constructor(
    readonly qtype: 'slurm' | 'torque',
    readonly host: Host,
    opts: PollerOptions = {},
  ) {
    super();
    this.maxFailures = opts.maxFailures ?? 5;
    this.ctx = {
      backend: getBackend(qtype),
      host,
      user: host.remote ? /^([^@]+)@/.exec(host.name)?.[1] : userInfo().username,
      limits: { submitGraceMs: opts.submitGraceMs ?? 15_000, statusGraceMs: opts.statusGraceMs ?? 20_000, maxIdFilter: 100 },
      stats: this.stats,
      historyOffUntil: 0,
      readStatus: (job) => this.watch.read(job),
    };
    this.watch = new StatusWatch(host, {
      jobs: () => this.liveJobs(),
      onFinished: (job) => this.statusFinished(job),
      hasWaiters: () => this.waiters.size > 0,
    });
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
   * Rejects with QueueError when the queue cannot be read past the retry threshold, and
   * with HpcqError on timeout or abort.
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
    if (this.waiters.size > 0) this.timer?.ref();
    else this.timer?.unref();
    this.watch.refresh();
  }

  /** Jobs still worth polling. */
  private liveJobs(): TrackedJob[] {
    return [...this.jobs.values()].filter((j) => !j.record || !isFinal(j.record.state));
  }

  /** Arm the next cycle (or stop when nothing is left to poll). */
  private schedule(delay = this.delay): void {
    if (this.liveJobs().length === 0) return this.stop();
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
      const { updates, failure } = await resolveOnce(this.ctx, this.liveJobs(), Date.now());
      if (failure) this.failed(failure);
      else this.failures = 0;
      for (const [id, record] of updates) anyChange = this.apply(id, record) || anyChange;
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
    const record = advance(job.record, settle(next));
    if (!changed(job.record, record)) return false;
    const before = job.record?.state;
    job.record = record;
    logStateChange(log, `${this.qtype} ${id}`, before, record.state, record.reason ?? (record.state === 'pending' ? record.pendingReason : undefined));
    this.emit('change', record);
    if (isFinal(record.state)) for (const w of [...(this.waiters.get(id) ?? [])]) w.resolve(record);
    return true;
  }

  private failed({ result, transient }: CommandFailure): void {
    this.failures++;
    log.debug(`${result.command.join(' ')} failed (${result.exitCode}, try ${this.failures}): ${result.stderr.trim()}`);
    if (this.failures < this.maxFailures) return;
    this.failures = 0;
    const err = new QueueError(`Reading the ${this.qtype} queue failed ${this.maxFailures} times in a row`, { ...result, transient });
    for (const set of [...this.waiters.values()]) for (const w of [...set]) w.reject(err);
  }

  /** A status file reports the end: exit 0 settles at once, anything else asks the scheduler why. */
  private statusFinished(job: TrackedJob): void {
    const fromFile = job.status && job.status.exitCode === 0 && job.status.signal === null;
    if (fromFile) this.apply(job.id, { ...this.watch.recordOf(job)! });
    else this.kick();
  }
}

const pollers = new Map<string, Poller>();

/** The process-wide poller of a scheduler on a host (one per qtype and host name). */
export function getPoller(qtype: 'slurm' | 'torque', host: Host): Poller {
  const key = `${qtype}:${host.name}`;
  let poller = pollers.get(key);
  if (!poller) {
    poller = new Poller(qtype, host);
    pollers.set(key, poller);
  }
  return poller;
}
