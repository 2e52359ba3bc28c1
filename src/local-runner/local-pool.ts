/**
 * LocalPool: the engine of hpcq's own scheduler for one machine (LocalRunner, runner.ts, adds
 * the Scheduler interface). Jobs are commands (child processes in
 * their own process group) or functions (worker threads), placed by core count with
 * backfill (see backfill.ts), with the cluster's dependency, time-limit and cancel semantics.
 */
import { EventEmitter } from 'node:events';
import { availableParallelism } from 'node:os';
import { HpcqError } from '../errors.js';
import type { JobState, StateReason } from '../types.js';
import { createLogger, logStateChange } from '../util/log.js';
import { linkDependencies, parseDepends, releaseDependents } from './depends.js';
import { createPayload } from './function-task.js';
import { finalState, LocalJob, type JobTask } from './job.js';
import { Launcher } from './launcher.js';
import { runCommand } from './run-command.js';
import { BackfillPolicy } from './backfill.js';
import { ReadyQueue } from './ready-queue.js';
import { trackRunning, untrackRunning, type SignalTarget } from './signals.js';
import type { LocalJobRecord, LocalOutcome, LocalRunnerOptions, LocalRunnerStats, LocalTask, LocalTaskOptions } from './types.js';
import { WorkerPool } from './worker-pool.js';
import { checkTask, extrasOf, normalizeCores, normalizeTime } from './validate.js';

const log = createLogger('local-runner');

/** A worker pool for commands and functions with core-count backfill and dependencies. Emits 'end' (record). */
export class LocalPool extends EventEmitter implements SignalTarget {
  /** Cores this runner schedules. */
  readonly cores: number;
  private readonly jobs = new Map<string, LocalJob>();
  private readonly ready = new ReadyQueue();
  private readonly running = new Set<LocalJob>();
  private readonly pool: WorkerPool;
  /** Forks command jobs (created on the first one; null when unavailable). */
  private launcher: Launcher | null | undefined = undefined;
  private readonly killGrace: number;
  private readonly policy: BackfillPolicy;
  private seq = 0;
  private readonly nextId: () => string;
  private used = 0;
  private started = 0;
  private finished = 0;
  private queued = 0;
  private scheduled = false;
  private isClosed = false;
  private idle: Array<() => void> = [];
  /** Core counts already warned about, so 100,000 oversized jobs give one warning. */
  private readonly trimWarned = new Set<number>();

  constructor(opts: LocalRunnerOptions = {}) {
    super();
    let cores = opts.cores ?? availableParallelism();
    if (opts.threads !== undefined) cores = Math.min(cores, opts.threads);
    if (!Number.isInteger(cores) || cores < 1) throw new HpcqError(`LocalRunner cores must be a positive integer, got ${cores}`);
    this.cores = cores;
    this.pool = new WorkerPool(cores);
    this.killGrace = opts.killGrace ?? 2000;
    this.policy = new BackfillPolicy(this.ready, this.running, opts.reserveAfter ?? 2000);
    this.nextId = opts.ids ?? (() => String(this.seq));
  }

  /** Whether close() was called (add() then throws). */
  get closed(): boolean {
    return this.isClosed;
  }

  /** Counters: jobs started and finished so far, running and queued now, cores in use. */
  get stats(): LocalRunnerStats {
    return { started: this.started, finished: this.finished, running: this.running.size, queued: this.queued, usedCores: this.used };
  }

  /** Queue a job; returns its id. Throws HpcqError at once for bad input or unknown dependencies. */
  add(task: LocalTask, opts: LocalTaskOptions = {}): string {
    if (this.isClosed) throw new HpcqError('This LocalRunner is closed');
    checkTask(task);
    const cores = normalizeCores(opts.cores, this.cores, this.trimWarned, log);
    const time = normalizeTime(opts.time);
    const edges = parseDepends(opts.depends);
    const parents = edges.map((e) => {
      const parent = this.jobs.get(e.id);
      if (!parent) throw new HpcqError(`Unknown dependency: no local job with id '${e.id}' in this runner`);
      return parent;
    });
    const jobTask: JobTask = typeof task === 'function' ? createPayload(task, opts.args) : task;
    const name = opts.name ?? (typeof task === 'function' && task.name ? task.name : undefined);
    this.seq++;
    const id = this.nextId();
    const extras = extrasOf(opts);
    // A script job's wrapper reads its id from here (HPCQ_JOB_ID, src/job/job-env.ts).
    if (extras?.env) extras.env = { ...extras.env, HPCQ_LOCAL_JOB_ID: id, HPCQ_LOCAL_CORES: String(cores) };
    const job = new LocalJob(this.seq, id, name, jobTask, cores, time, extras);
    this.jobs.set(id, job);
    this.queued++;
    if (linkDependencies(job, edges, parents)) this.end(job, 'cancelled', 'dependency_never_satisfied');
    else if (job.pendingDeps === 0) this.makeReady(job);
    return id;
  }

  /** A snapshot of a job's record, or undefined for an unknown id. */
  state(id: string): LocalJobRecord | undefined {
    return this.jobs.get(id)?.toRecord();
  }

  /** The argv of every job given as an exact argv that is not final yet (cleanDir keeps those jobs' files). */
  liveArgv(): string[][] {
    const out: string[][] = [];
    for (const j of this.jobs.values()) if (!j.final && typeof j.task === 'object' && 'argv' in j.task) out.push(j.task.argv);
    return out;
  }

  /** Records of every job of this runner, in submission order (what a Queue lists for 'local'). */
  list(): LocalJobRecord[] {
    return [...this.jobs.values()].map((j) => j.toRecord());
  }

  /** Wait until a job is final; resolves with its record. */
  get(id: string): Promise<LocalJobRecord> {
    const job = this.jobs.get(id);
    if (!job) return Promise.reject(new HpcqError(`No local job with id '${id}'`));
    if (job.final) return Promise.resolve(job.toRecord());
    return new Promise((resolve) => (job.waiters ??= []).push(resolve));
  }

  /** Wait for the given jobs, or for every job (including those added meanwhile) when omitted. */
  async wait(ids?: string | string[]): Promise<LocalJobRecord[]> {
    if (ids === undefined) {
      if (this.finished < this.jobs.size) await new Promise<void>((resolve) => this.idle.push(resolve));
      return this.list();
    }
    return Promise.all((Array.isArray(ids) ? ids : [ids]).map((id) => this.get(id)));
  }

  /** Cancel jobs: queued ones end at once, running ones are killed (whole process group). */
  async cancel(ids: string | string[]): Promise<void> {
    const list = Array.isArray(ids) ? ids : [ids];
    for (const id of list) if (!this.jobs.has(id)) throw new HpcqError(`No local job with id '${id}'`);
    for (const id of list) this.cancelJob(this.jobs.get(id)!);
    await Promise.all(list.map((id) => this.get(id)));
  }

  /** Cancel everything still queued or running and end the worker threads. */
  async close(): Promise<void> {
    this.isClosed = true;
    const live = [...this.jobs.values()].filter((j) => !j.final);
    this.cancelAll();
    await Promise.all(live.map((j) => this.get(j.id)));
    await this.pool.destroy();
    this.launcher?.stop();
    this.launcher = undefined;
  }

  /** Process group ids of running commands (for the Ctrl-C handler). */
  groups(): number[] {
    const out: number[] = [];
    for (const job of this.running) if (job.handle?.pid) out.push(job.handle.pid);
    return out;
  }

  /** Cancel every job that is not final (used by the Ctrl-C handler). */
  cancelAll(): void {
    for (const job of this.jobs.values()) this.cancelJob(job);
  }

  private cancelJob(job: LocalJob): void {
    if (job.final) return;
    if (job.state === 'running') this.kill(job, 'cancel');
    else this.end(job, 'cancelled');
  }

  /** SIGTERM the job's group (a function's worker ends at once), SIGKILL after the grace. */
  private kill(job: LocalJob, why: 'cancel' | 'timeout'): void {
    if (job.final || !job.handle) return;
    job.killedFor ??= why;
    job.handle.kill('SIGTERM');
    setTimeout(() => {
      if (!job.final) job.handle?.kill('SIGKILL');
    }, this.killGrace).unref();
  }

  private readonly readyFn = (job: LocalJob): void => this.makeReady(job);

  private makeReady(job: LocalJob): void {
    job.readyTime = Date.now();
    this.ready.push(job);
    if (!this.scheduled) this.scheduleSoon();
  }

  /** One scheduling pass: start jobs while cores are free and the policy finds one. */
  private schedule(): void {
    let free = this.cores - this.used;
    const now = Date.now();
    this.policy.begin();
    while (free > 0) {
      const job = this.policy.next(free, now);
      if (!job) break;
      free -= job.cores;
      this.start(job);
    }
    this.ready.compact();
  }

  private start(job: LocalJob): void {
    logStateChange(log, `local ${job.id}`, job.state, 'running');
    job.state = 'running';
    job.startTime = Date.now();
    this.used += job.cores;
    this.queued--;
    this.started++;
    this.running.add(job);
    if (this.running.size === 1) trackRunning(this);
    const done = (outcome: LocalOutcome): void => this.finishRun(job, outcome);
    const task = job.task;
    try {
      if (typeof task === 'object' && 'src' in task) job.handle = this.pool.run(task, done);
      else {
        if (this.launcher === undefined) this.launcher = Launcher.create() ?? null;
        job.handle = runCommand(job.id, task, job.extras, this.launcher ?? undefined, done);
      }
    } catch (err) {
      done({ exitCode: null, launchFailed: true, stderr: `hpcq: could not start job: ${(err as Error).message}\n` });
      return;
    }
    if (job.time > 0 && !job.final) job.timer = setTimeout(() => this.kill(job, 'timeout'), job.time * 1000);
  }

  private finishRun(job: LocalJob, o: LocalOutcome): void {
    if (job.final) return;
    clearTimeout(job.timer);
    job.timer = undefined;
    job.handle = undefined;
    this.running.delete(job);
    this.used -= job.cores;
    if (this.running.size === 0) untrackRunning(this);
    job.exitCode = o.exitCode;
    job.signal = o.signal ?? null;
    if (o.result !== undefined) job.result = o.result;
    if (o.error) job.error = o.error;
    if (o.stdout !== undefined) job.out = o.stdout;
    if (o.stderr !== undefined) job.err = o.stderr;
    const [state, reason] = finalState(o, job.killedFor);
    this.end(job, state, reason);
  }

  /** Make a job final and settle its dependents, cascading cancellations without recursion. */
  private end(first: LocalJob, state: JobState, reason?: StateReason): void {
    const todo: LocalJob[] = [first];
    const todoPush = (j: LocalJob): void => void todo.push(j);
    let nextState = state;
    let nextReason = reason;
    for (let job = todo.pop(); job; job = todo.pop()) {
      if (job.final) continue;
      if (job.state === 'pending') this.queued--;
      logStateChange(log, `local ${job.id}`, job.state, nextState, nextReason);
      job.state = nextState;
      job.reason = nextReason;
      job.endTime = Date.now();
      this.finished++;
      releaseDependents(job, this.readyFn, todoPush);
      this.settle(job);
      nextState = 'cancelled';
      nextReason = 'dependency_never_satisfied';
    }
    if (this.finished === this.jobs.size && this.idle.length > 0) {
      const idle = this.idle;
      this.idle = [];
      for (const resolve of idle) resolve();
    }
    if (!this.scheduled && this.used < this.cores && this.ready.oldest()) this.scheduleSoon();
  }

  /** Resolve get() promises and emit 'end'. */
  private settle(job: LocalJob): void {
    const waiters = job.waiters;
    const listening = this.listenerCount('end') > 0;
    if (!waiters && !listening) return;
    const record = job.toRecord();
    job.waiters = undefined;
    if (waiters) for (const resolve of waiters) resolve(record);
    if (listening) this.emit('end', record);
  }

  /** Schedule once after the current synchronous work: 100,000 add() calls cost one pass. */
  private scheduleSoon(): void {
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.schedule();
    });
  }
}
