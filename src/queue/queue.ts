/**
 * Queue: a user's jobs on one scheduler. Reads, waits and the submission throttle
 * (`[queue] max_jobs`) are served by the scheduler's shared poller (or the local runner).
 */
import { userInfo } from 'node:os';
import { QueueError } from '../errors.js';
import { isFinal } from '../core/states.js';
import { detectScheduler } from '../schedulers/detect.js';
import { LOCAL, checkQtype } from '../schedulers/registry.js';
import type { Scheduler } from '../schedulers/scheduler.js';
import type { JobLike, JobRecord, Qtype, WaitOptions } from '../types.js';
import type { Host } from '../util/host.js';
import { hostFor } from '../util/host-for.js';
import { startProgress, summarizeStates } from '../util/progress.js';
import { localIso, mergeHistoryOf } from './history-since.js';
import { schedulerFor } from './schedulers.js';
import { maxJobs } from './settings.js';

/** Options of a Queue. */
export interface QueueOptions {
  /** Whose jobs: 'self' (default), a user name, or 'all' for every user. */
  user?: 'self' | string;
  /** Scheduler; default: detected on the host (the registry's back-ends in order, else local). */
  qtype?: Qtype;
  /** Run scheduler commands on this login node over SSH (`ssh://user@host:port` or an object). */
  remote?: unknown;
  /**
   * Also list jobs that ended since this time (a Date, or local time `YYYY-MM-DDTHH:MM:SS`), from
   * the scheduler's history (sacct), not only the jobs it still holds.
   */
  since?: Date | string;
  /** Host that runs scheduler commands (default: this machine, or the `remote` one). */
  host?: Host;
}

function idOf(job: JobLike): string {
  const id = typeof job === 'string' ? job : job.id;
  if (!id) throw new QueueError('Cannot wait for a job that was never submitted (no id)', { command: [], exitCode: null, stdout: '', stderr: '' });
  return id;
}

/** Detect the scheduler on a host (see src/schedulers/detect.ts). */
export const detectQtype = detectScheduler;

/** A user's jobs on one scheduler. Call update() to read them. */
export class Queue {
  /** Jobs by id, as of the last update(). */
  readonly jobs = new Map<string, JobRecord>();
  private readonly opts: QueueOptions;
  // Kept out of `opts` so that inspecting a Queue never shows a remote's password.
  readonly #remote: unknown;
  private resolvedHost: Host | undefined;
  private detected: Qtype | undefined;

  constructor(opts: QueueOptions = {}) {
    const { remote, ...rest } = opts;
    this.opts = rest;
    this.#remote = remote;
    this.resolvedHost = opts.host;
    this.detected = opts.qtype === undefined ? undefined : checkQtype(opts.qtype);
  }

  /** Whose jobs: a user name, 'all', or 'self' until a remote host is known. */
  get user(): string {
    const wanted = this.opts.user ?? 'self';
    if (wanted !== 'self') return wanted;
    const host = this.resolvedHost;
    if (!host) return this.#remote ? 'self' : userInfo().username;
    return host.remote ? (/^([^@]+)@/.exec(host.name)?.[1] ?? 'self') : userInfo().username;
  }

  private async host(): Promise<Host> {
    this.resolvedHost ??= await hostFor(this.#remote);
    return this.resolvedHost;
  }

  /** The scheduler ('local' until update() has detected it, when none was given). */
  get qtype(): Qtype {
    return this.detected ?? LOCAL;
  }

  /** Jobs running (also suspended or completing: they hold their resources). */
  get running(): JobRecord[] {
    return [...this.jobs.values()].filter((j) => j.state === 'running' || j.state === 'suspended' || j.state === 'completing');
  }

  /** Jobs waiting to start (pending or held). */
  get queued(): JobRecord[] {
    return [...this.jobs.values()].filter((j) => j.state === 'pending' || j.state === 'held');
  }

  /** Jobs that ended (completed, failed, cancelled or unknown). */
  get complete(): JobRecord[] {
    return [...this.jobs.values()].filter((j) => isFinal(j.state));
  }

  private async scheduler(): Promise<Scheduler> {
    const host = await this.host();
    this.detected ??= await detectScheduler(host);
    return schedulerFor(this.detected, host);
  }

  /** Jobs since `opts.since` from the scheduler's history; QueueError when it keeps none. */
  private async history(scheduler: Scheduler, user: string | undefined): Promise<JobRecord[]> {
    // The local runner lives in one process; a history since a time would silently be empty.
    if (!scheduler.history) throw new QueueError(`${scheduler.title} keeps no job history: --since / since needs a scheduler with accounting (Slurm's sacct)`, { command: [], exitCode: null, stdout: '', stderr: '' });
    const since = this.opts.since instanceof Date ? localIso(this.opts.since) : this.opts.since!;
    return scheduler.history({ since, ...(this.user === 'all' ? { allUsers: true } : user ? { user } : {}) });
  }

  /** Read the queue now (one listing through the shared poller). Throws QueueError naming the command and its stderr. */
  async update(): Promise<this> {
    const scheduler = await this.scheduler();
    const user = this.user === 'all' || this.user === 'self' ? undefined : this.user;
    let records = await scheduler.listJobs(user ? { user } : {});
    if (this.opts.since !== undefined) records = await mergeHistoryOf(scheduler, await this.history(scheduler, user), records);
    this.jobs.clear();
    for (const r of records) this.jobs.set(r.id, r);
    return this;
  }

  /** Wait until every given job is final; the records land in `jobs`. */
  async wait(jobs: JobLike | JobLike[], opts: WaitOptions = {}): Promise<void> {
    const ids = (Array.isArray(jobs) ? jobs : [jobs]).map(idOf);
    const scheduler = await this.scheduler();
    const states = () => ids.map((id) => scheduler.latest(id)?.state ?? 'pending');
    const stop = startProgress(() => `waiting for ${ids.length} job${ids.length === 1 ? '' : 's'}: ${summarizeStates(states())}`, opts);
    let records: JobRecord[];
    try {
      records = await Promise.all(ids.map((id) => scheduler.waitFor(id, opts)));
    } finally {
      stop();
    }
    for (const r of records) this.jobs.set(r.id, r);
  }

  /** Whether fewer than `maxQueueLen` (default `[queue] max_jobs`) jobs are queued or running, as of the last update(). */
  canSubmit(maxQueueLen?: number): boolean {
    const limit = maxQueueLen ?? maxJobs();
    return this.queued.length + this.running.length < limit;
  }

  /** Resolve once the queue has room; the shared poller's cycles (1 s up to `queue_update` apart) decide. */
  async waitToSubmit(maxQueueLen?: number, opts: WaitOptions = {}): Promise<void> {
    const scheduler = await this.scheduler();
    await scheduler.waitForRoom(maxQueueLen ?? maxJobs(), opts);
    await this.update();
  }
}
