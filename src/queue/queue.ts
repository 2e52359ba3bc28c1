/**
 * Queue: a user's jobs on one scheduler, with waits served by the shared poller and a
 * submission throttle (`[queue] max_jobs`).
 */
import { userInfo } from 'node:os';
import { startProgress, summarizeStates } from '../util/progress.js';
import { QueueError } from '../errors.js';
import { getBackend } from '../schedulers/index.js';
import { isFinal, type JobLike, type JobRecord, type Qtype, type WaitOptions } from '../types.js';
import type { Host } from '../util/host.js';
import { createLocalHost } from '../util/local-host.js';
import { createLogger } from '../util/log.js';
import { getPoller } from './poller.js';
import { maxJobs, queueUpdateMs } from './settings.js';

const log = createLogger('queue');

/** Options of a Queue. */
export interface QueueOptions {
  /** Whose jobs: 'self' (default), a user name, or 'all' for every user. */
  user?: 'self' | string;
  /** Scheduler; default: detected on the host (sbatch → slurm, qsub → torque, else local). */
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

/** The remote module's entry point, loaded only when a `remote` is given (keeps SSH out of local use). */
interface RemoteModule {
  getRemoteHost(spec: unknown): Host;
}
const REMOTE_MODULE = '../remote/index.js';

/** What the local runner offers a queue listing, when it lists its jobs. */
interface ListingRunner {
  list?(): JobRecord[];
  wait(ids?: string | string[]): Promise<JobRecord[]>;
}

function idOf(job: JobLike): string {
  const id = typeof job === 'string' ? job : job.id;
  if (!id) throw new QueueError('Cannot wait for a job that was never submitted (no id)', { command: [], exitCode: null, stdout: '', stderr: '' });
  return id;
}

/** Detect the scheduler on a host: Slurm first, then Torque, else the local runner. */
export async function detectQtype(host: Host): Promise<Qtype> {
  if (await host.which('sbatch')) return 'slurm';
  if (await host.which('qsub')) return 'torque';
  return 'local';
}

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
    this.resolvedHost = opts.host ?? (opts.remote ? undefined : createLocalHost());
    this.detected = opts.qtype;
  }

  /** Whose jobs: a user name, 'all', or 'self' until a remote host is known. */
  get user(): string {
    const wanted = this.opts.user ?? 'self';
    if (wanted !== 'self') return wanted;
    const host = this.resolvedHost;
    if (!host) return 'self';
    return host.remote ? (/^([^@]+)@/.exec(host.name)?.[1] ?? 'self') : userInfo().username;
  }

  private async host(): Promise<Host> {
    if (!this.resolvedHost) {
      const mod = (await import(REMOTE_MODULE)) as RemoteModule;
      this.resolvedHost = mod.getRemoteHost(this.#remote);
    }
    return this.resolvedHost;
  }

  /** The scheduler ('local' until update() has detected it, when none was given). */
  get qtype(): Qtype {
    return this.detected ?? 'local';
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

  private async resolveQtype(): Promise<Qtype> {
    this.detected ??= await detectQtype(await this.host());
    return this.detected;
  }

  private async localRunner(): Promise<ListingRunner | undefined> {
    const mod = (await import('../local-runner/index.js')) as { getDefaultRunner?: () => ListingRunner };
    return mod.getDefaultRunner?.();
  }

  /** Jobs since `opts.since` from the back-end's history command; QueueError when it has none or it fails. */
  private async history(qtype: Exclude<Qtype, 'local'>, user: string | undefined): Promise<JobRecord[]> {
    const backend = getBackend(qtype);
    if (!backend.historySinceCommand || !backend.parseHistory) throw new QueueError(`The ${qtype} back-end has no job history to read jobs since a time from`, { command: [], exitCode: null, stdout: '', stderr: '' });
    const since = this.opts.since instanceof Date ? localIso(this.opts.since) : this.opts.since!;
    const argv = backend.historySinceCommand({ since, ...(this.user === 'all' ? { allUsers: true } : user ? { user } : {}) });
    const result = await (await this.host()).run(argv, { timeoutMs: 60_000 });
    if (result.exitCode !== 0) throw new QueueError(`Reading the ${qtype} job history failed`, { ...result, transient: backend.isTransient(result.stderr) });
    return backend.parseHistory(result.stdout);
  }

  /** Read the queue now. Throws QueueError naming the command and its stderr when it fails. */
  async update(): Promise<this> {
    const qtype = await this.resolveQtype();
    let records: JobRecord[];
    if (qtype === 'local') {
      // The runner lives in one process; a history since a time would silently be empty.
      if (this.opts.since !== undefined) throw new QueueError('The local runner keeps no job history: --since / since needs Slurm (sacct)', { command: [], exitCode: null, stdout: '', stderr: '' });
      records = (await this.localRunner())?.list?.() ?? [];
    } else {
      const backend = getBackend(qtype);
      const host = await this.host();
      const user = this.user === 'all' || this.user === 'self' ? undefined : this.user;
      const result = await host.run(backend.queueCommand(user ? { user } : {}), { timeoutMs: 60_000 });
      if (result.exitCode !== 0) {
        throw new QueueError(`Reading the ${qtype} queue failed`, { ...result, transient: backend.isTransient(result.stderr) });
      }
      records = backend.parseQueue(result.stdout).filter((r) => !user || !r.user || r.user === user);
      if (this.opts.since !== undefined) records = mergeHistory(await this.history(qtype, user), records);
    }
    this.jobs.clear();
    for (const r of records) this.jobs.set(r.id, r);
    return this;
  }

  /** Wait until every given job is final; the records land in `jobs`. */
  async wait(jobs: JobLike | JobLike[], opts: WaitOptions = {}): Promise<void> {
    const ids = (Array.isArray(jobs) ? jobs : [jobs]).map(idOf);
    const qtype = await this.resolveQtype();
    let records: JobRecord[];
    if (qtype === 'local') {
      const runner = await this.localRunner();
      records = runner ? await runner.wait(ids) : [];
    } else {
      const poller = getPoller(qtype, await this.host());
      const states = () => ids.map((id) => poller.latest(id)?.state ?? 'pending');
      const stop = startProgress(() => `waiting for ${ids.length} job${ids.length === 1 ? '' : 's'}: ${summarizeStates(states())}`, opts);
      try {
        records = await Promise.all(ids.map((id) => poller.waitFor(id, opts)));
      } finally {
        stop();
      }
    }
    for (const r of records) this.jobs.set(r.id, r);
  }

  /** Whether fewer than `maxQueueLen` (default `[queue] max_jobs`) jobs are queued or running, as of the last update(). */
  canSubmit(maxQueueLen?: number): boolean {
    const limit = maxQueueLen ?? maxJobs();
    return this.queued.length + this.running.length < limit;
  }

  /** Resolve once the queue has room, reading it again with a growing pause (1 s up to `queue_update`). */
  async waitToSubmit(maxQueueLen?: number): Promise<void> {
    let delay = 1000;
    let blockedAt: number | undefined;
    for (;;) {
      await this.update();
      if (this.canSubmit(maxQueueLen)) {
        if (blockedAt !== undefined) log.warn(`the ${this.qtype} queue has room again after ${Math.round((Date.now() - blockedAt) / 1000)} s; submitting`);
        return;
      }
      // Said once per wait: a submit that blocks silently looks like a hang.
      if (blockedAt === undefined) {
        blockedAt = Date.now();
        const limit = maxQueueLen ?? maxJobs();
        log.warn(`waiting to submit: ${this.queued.length} queued + ${this.running.length} running jobs on ${this.qtype} reach the limit of ${limit} (maxQueueLen, or [queue] max_jobs)`);
      }
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, Math.max(1000, queueUpdateMs()));
    }
  }
}

/** Local time as `YYYY-MM-DDTHH:MM:SS` (what sacct --starttime takes). */
function localIso(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/**
 * History rows merged with the live rows: an ended job's accounting row (with its exit code)
 * wins over squeue's lingering one; for a job accounting does not show ended, squeue's row wins.
 */
function mergeHistory(history: JobRecord[], live: JobRecord[]): JobRecord[] {
  const byId = new Map(history.map((r) => [r.id, r]));
  for (const r of live) {
    const past = byId.get(r.id);
    // An end in accounting is final (squeue may still say COMPLETING); else squeue is newer,
    // as accounting lags the controller.
    if (past && isFinal(past.state)) byId.set(r.id, { ...past, exitCode: past.exitCode ?? r.exitCode });
    else byId.set(r.id, r);
  }
  return [...byId.values()];
}
