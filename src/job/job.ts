/**
 * `Job`: one job's lifecycle (write → submit → update/wait → get → clean). File naming, script
 * rendering, dependency planning, submission and result reading are sibling modules.
 */
import type { AttachOptions } from '../api/attach.js';
import { HpcqError } from '../errors.js';
import { checkMaxQueueLen } from '../options/control.js';
import { normalizeDepends, planDepends } from '../core/dependencies.js';
import { canTransition, isFinal } from '../core/states.js';
import { stateFromStatus } from '../core/status-file.js';
import { peekScheduler, schedulerFor } from '../queue/index.js';
import { detectScheduler } from '../schedulers/detect.js';
import type { Scheduler } from '../schedulers/scheduler.js';
import type { JobState, Qtype, StateReason, WaitOptions } from '../types.js';
import type { Host } from '../util/host.js';
import { hostFor } from '../util/host-for.js';
import { createLogger } from '../util/log.js';
import { startProgress } from '../util/progress.js';
import { unknownDependencyIds, viewDependency, waitWithDependencies, type FinalRecord } from './dependency-watch.js';
import { lookupDependencies } from './depends-lookup.js';
import { outputPaths, writtenPaths, type JobFiles } from './files.js';
import { guardedIds } from './guard-plan.js';
import { releaseName } from './naming.js';
import { readOutputs, settle, type JobOutputs, type JobResult } from './result.js';
import { SharedWait } from './shared-wait.js';
import { restem, type JobSpec } from './spec.js';
import { filesExist, workDir, writeJob } from './write.js';
import { followOutputs, type OutputChunk } from './stream.js';
import { reached } from './wait-until.js';
import { forgetJobs } from '../ledger/prune.js';
import { recordSubmission } from '../ledger/submit-hook.js';

const log = createLogger('job');
const NO_FILES: JobFiles = { submit: '', exec: '', out: '', err: '', status: '' };
/** Jobs of this process by `<qtype>:<host>:<id>`, so `wait('123')` finds the Job object. */
const registry = new Map<string, Job<unknown>>();

/** How to finish a Job made without a qtype: detect the host's scheduler, then build the spec. */
export type SpecBuilder = (qtype: Qtype) => JobSpec;

/** A job on any scheduler of the registry or the local runner. Build with `makeJob`/`submit`, not `new`. */
export class Job<R = unknown> {
  #qtype: Qtype | undefined;
  #name: string;
  #spec: JobSpec | undefined;
  #build: { remote: unknown; spec: SpecBuilder } | undefined;
  #host: Host | undefined;
  #id: string | undefined;
  #state: JobState = 'pending';
  #reason: StateReason | undefined;
  #exitCode: number | null = null;
  #outputs: JobOutputs | undefined;
  #written: string[] = [];
  #submitted = false;
  #cancelRequested = false;
  #submitting: Promise<this> | undefined;

  /**
   * @internal Use makeJob() or submit(). Without a qtype, `build` makes the spec once the host's
   * scheduler is detected (when the job is first written or submitted).
   */
  constructor(spec: JobSpec | undefined, init: { name: string; qtype?: Qtype; id?: string; host?: Host; build?: { remote: unknown; spec: SpecBuilder }; settled?: FinalRecord }) {
    this.#spec = spec;
    this.#name = init.name;
    this.#qtype = init.qtype;
    this.#id = init.id;
    this.#host = init.host;
    this.#build = init.build;
    this.#submitted = init.id !== undefined;
    // A job re-attached from the ledger whose end is already known (src/api/attach.ts).
    if (init.settled) this.#apply(init.settled);
  }

  /** Where the job runs. A job made without a qtype knows it once written or submitted (detected on its host). */
  get qtype(): Qtype {
    if (this.#qtype === undefined) throw new HpcqError(`Job ${this.name}: its scheduler is detected when it is written or submitted; pass qtype to know it sooner`);
    return this.#qtype;
  }

  /** The spec, built now if the job was made without a qtype. */
  async #ready(): Promise<JobSpec | undefined> {
    if (!this.#spec && this.#build) {
      const host = await this.#getHost();
      const qtype = await detectScheduler(host);
      this.#spec = this.#build.spec(qtype);
      this.#qtype = qtype;
      this.#build = undefined;
    }
    return this.#spec;
  }

  #scheduler(host: Host): Scheduler {
    return schedulerFor(this.qtype, host);
  }

  /** @internal The Job of this process with that id, or a Job that only follows the id. */
  static follow(id: string, qtype: Qtype, host: Host): Job {
    return Job.submittedHere(id, qtype, host) ?? new Job(undefined, { name: id, qtype, id, host });
  }

  /**
   * The Job of a submission from any process, by scheduler id or submission key, with its
   * state, outputs and a function's result: `attachJob` (src/api/attach.ts) as a static.
   */
  static async attach<R = unknown>(idOrKey: string, opts: AttachOptions = {}): Promise<Job<R>> {
    // Loaded on use: attach builds Jobs, so a static import would be a cycle.
    const { attachJob } = await import('../api/attach.js');
    return attachJob<R>(idOrKey, opts);
  }

  /** @internal The Job this process submitted with that id on that host, if any. */
  static submittedHere(id: string, qtype: Qtype, host: Host): Job | undefined {
    return registry.get(`${qtype}:${host.name}:${id}`);
  }

  /** The job's name as the scheduler shows it (the given name, else the unique file stem). */
  get name(): string {
    return this.#spec?.name ?? this.#name;
  }
  /** Scheduler id (runner id in local mode); undefined until submitted. */
  get id(): string | undefined {
    return this.#id;
  }
  /** Normalised state, live from the shared poller or the local runner; 'pending' until submitted. */
  get state(): JobState {
    this.#refresh();
    return this.#state;
  }
  get reason(): StateReason | undefined {
    this.#refresh();
    return this.#reason;
  }
  get exitCode(): number | null {
    this.#refresh();
    return this.#exitCode;
  }

  /** Take the tracker's latest record (synchronous, no scheduler call) while the job is not final. */
  #refresh(): void {
    if (!this.#id || !this.#host || !this.#qtype || isFinal(this.#state)) return;
    const rec = peekScheduler(this.#qtype, this.#host)?.latest(this.#id);
    if (rec) this.#apply(rec);
  }
  /** The job's stdout, once it has ended and been waited for. */
  get stdout(): string | undefined {
    return this.#outputs?.stdout;
  }
  get stderr(): string | undefined {
    return this.#outputs?.stderr;
  }
  /** Every path this job writes (empty strings for a job followed only by id). */
  get files(): JobFiles {
    return this.#spec?.files ?? NO_FILES;
  }

  async #getHost(): Promise<Host> {
    this.#host ??= await hostFor(this.#spec ? this.#spec.options.remote : this.#build?.remote);
    return this.#host;
  }

  #need(what: string): JobSpec {
    if (!this.#spec) throw new HpcqError(`Job ${this.name} was found by id only; it cannot ${what}`);
    return this.#spec;
  }

  /** Write the job's scripts (and function payloads) without submitting. */
  async write(opts: { overwrite?: boolean } = {}): Promise<this> {
    await this.#ready();
    let spec = this.#need('be written');
    const host = await this.#getHost();
    if (spec.external) {
      if (!(await host.stat(spec.files.submit))) throw new HpcqError(`Script ${spec.files.submit} does not exist`);
      return this;
    }
    // Another process (or a remote directory) may hold the name: take the next free one.
    if (!opts.overwrite && (await filesExist(spec, host))) spec = this.#spec = await restem(spec, host);
    this.#written = await writeJob(spec, host);
    log.debug(`job ${this.name}: wrote ${this.#written.join(', ')} on ${host.name}`);
    return this;
  }

  /** Submit (writing first if needed). Resolves once the scheduler took the job. */
  submit(opts: { maxQueueLen?: number } = {}): Promise<this> {
    // Concurrent calls share one submission.
    this.#submitting ??= this.#submit(opts).finally(() => (this.#submitting = undefined));
    return this.#submitting;
  }

  async #submit(opts: { maxQueueLen?: number }): Promise<this> {
    // A limit that can never be met would block this submission forever.
    checkMaxQueueLen(opts.maxQueueLen);
    if (this.#submitted) return this;
    await this.#ready();
    const before = this.#need('be submitted');
    const wroteNow = this.#written.length === 0 && !before.external;
    if (wroteNow || before.external) await this.write();
    // write() may have moved the job to a free name.
    const spec = this.#need('be submitted');
    const host = await this.#getHost();
    try {
      const scheduler = this.#scheduler(host);
      const deps = normalizeDepends(spec.options.depends);
      const looked = await lookupDependencies(scheduler, unknownDependencyIds(deps, scheduler), { host, filedir: spec.filedir });
      const plan = planDepends(deps, (ref) => {
        const view = viewDependency(ref, this, scheduler);
        const state = view.id ? looked.get(view.id) : undefined;
        return state && !view.state ? { ...view, state } : view;
      });
      if (plan.never) {
        log.info(`job ${this.name} not submitted: dependency ${plan.blocker} ended ${plan.state} (${plan.kind} can never hold)`);
        this.#submitted = true;
        this.#apply({ state: 'cancelled', reason: 'dependency_never_satisfied', exitCode: null });
        return this;
      }
      if (opts.maxQueueLen !== undefined) await scheduler.waitForRoom(opts.maxQueueLen);
      const { files, options } = spec;
      // Ledger hook (src/ledger): records the submission around the scheduler call.
      const id = await recordSubmission({ job: this, spec, host, depends: deps }, () =>
        scheduler.submit({
          name: this.name,
          script: files.submit,
          ...(files.out ? { outfile: files.out } : {}),
          ...(files.err ? { errfile: files.err } : {}),
          ...(files.status ? { statusFile: files.status } : {}),
          cwd: workDir(spec, host),
          // A guarded back-end releases the job after any end; the script's guard checks the rest.
          depends: scheduler.dependencies === 'guarded' ? guardedIds(plan.ids, options.depends) : plan.ids,
          resources: { ...(options.cores !== undefined ? { cores: options.cores } : {}), ...(options.time !== undefined ? { time: options.time } : {}), env: options.env ?? {} },
        }),
      );
      this.#id = id;
      this.#submitted = true;
      scheduler.track(id, files.status ? { statusFile: files.status } : {});
      registry.set(`${this.qtype}:${host.name}:${id}`, this as Job<unknown>);
      return this;
    } catch (err) {
      if (wroteNow) await this.#removeWritten(host);
      throw err;
    }
  }

  #apply(rec: FinalRecord): void {
    // A final state never changes (and a live one never moves backwards, except a requeue).
    if (!canTransition(this.#state, rec.state)) return;
    // Torque reports a job killed by qdel as failed (by signal, or with whatever exit the
    // listing shows first), or as unknown (state C without an exit status) when it had not
    // started yet; hpcq knows who ended it.
    const killed = rec.state === 'failed' || rec.state === 'unknown';
    this.#state = this.#cancelRequested && killed ? 'cancelled' : rec.state;
    this.#reason = this.#cancelRequested && killed ? undefined : rec.reason;
    if (rec.exitCode !== null) this.#exitCode = rec.exitCode;
  }

  /** Refresh state from the last poll (or the local runner). */
  async update(): Promise<this> {
    if (!this.#id) return this;
    await this.#getHost();
    this.#refresh();
    return this;
  }

  /** Wait until the job is final, then read its outputs. */
  async wait(opts: WaitOptions = {}): Promise<this> {
    if (!this.#id) {
      if (this.#submitted && isFinal(this.#state)) return this;
      throw new HpcqError(`Job ${this.name} has not been submitted; call submit() first`);
    }
    if (!this.#outputs) {
      const stop = startProgress(() => `waiting for ${this.name} [${this.#id}]: ${this.state}`, opts);
      try {
        await this.#settling.join(opts);
      } finally {
        stop();
      }
    }
    return this;
  }

  /** The one wait of this job, shared by every caller (the user and each dependent job's watch). */
  readonly #settling = new SharedWait<void>(
    (signal) => this.#settle(signal),
    () => `job ${this.#id}`,
  );

  async #settle(signal: AbortSignal): Promise<void> {
    const id = this.#id!;
    const host = await this.#getHost();
    const deps = normalizeDepends(this.#spec?.options.depends);
    // A settled job (re-attached from the ledger) has nothing to wait for but its outputs.
    if (!isFinal(this.#state)) this.#apply(await waitWithDependencies(this, id, deps, this.#scheduler(host), { signal }));
    await this.#finish(host);
  }

  async #finish(host: Host): Promise<void> {
    const outputs: JobOutputs = this.#spec ? await readOutputs(host, this.#spec.files) : {};
    const status = outputs.status;
    // The wrapper's status file knows the exit code when the scheduler has forgotten the job.
    if (this.#exitCode === null && status?.exitCode != null) this.#exitCode = status.exitCode;
    const ending = this.#state === 'unknown' && status ? stateFromStatus(status) : undefined;
    if (ending) {
      this.#state = ending.state;
      this.#reason = ending.reason;
    }
    this.#outputs = outputs;
  }

  /**
   * The job's stdout and stderr as they are written, through its host (SFTP for a remote job),
   * ending once the job has ended and the files are read to the end. Breaking out of the loop
   * stops following; a wait that fails (timeout, abort) is rethrown after the last chunk.
   */
  async *stream(opts: Pick<WaitOptions, 'timeout' | 'signal'> & { intervalMs?: number } = {}): AsyncGenerator<OutputChunk, void, undefined> {
    const spec = this.#need('stream its output');
    if (!this.#id) throw new HpcqError(`Job ${this.name} has not been submitted; call submit() first`);
    const host = await this.#getHost();
    const stop = new AbortController();
    const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
    let failure: unknown;
    const ended = this.wait({ progress: false, signal, ...(opts.timeout !== undefined ? { timeout: opts.timeout } : {}) }).catch((err: unknown) => (failure = err));
    try {
      // SFTP round trips cost more than a local stat: look less often.
      yield* followOutputs({ host, files: { stdout: spec.files.out, stderr: spec.files.err }, ended, intervalMs: opts.intervalMs ?? (host.remote ? 1000 : 250) });
      if (failure !== undefined) throw failure;
    } finally {
      // Also when the caller broke out early: stop the wait this stream started.
      stop.abort();
    }
  }

  /**
   * Resolve once the job is in `state` or a later one (`waitUntil('running')` also resolves for a
   * job that already ended after running); reject with HpcqError when it ended without reaching it.
   */
  async waitUntil(state: JobState, opts: Pick<WaitOptions, 'timeout' | 'signal'> & { intervalMs?: number } = {}): Promise<this> {
    if (!this.#id && !(this.#submitted && isFinal(this.#state))) throw new HpcqError(`Job ${this.name} has not been submitted; call submit() first`);
    const stop = new AbortController();
    const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
    // The shared wait keeps the poller (or the runner) reporting this job while we look.
    const ended = this.#id ? this.wait({ progress: false, signal, ...(opts.timeout !== undefined ? { timeout: opts.timeout } : {}) }) : Promise.resolve(this);
    let failure: unknown;
    const settled = ended.then(() => true, (err: unknown) => ((failure = err), true));
    try {
      for (;;) {
        const verdict = reached(state, this.state, this.exitCode);
        if (verdict === 'yes') return this;
        if (verdict === 'never') throw new HpcqError(`Job ${this.name} [${this.#id}] ended ${this.#state} without reaching ${state}`);
        if (failure !== undefined) throw failure;
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([settled, new Promise((r) => (timer = setTimeout(r, opts.intervalMs ?? 200)))]);
        clearTimeout(timer);
      }
    } finally {
      stop.abort();
    }
  }

  /** Wait, then return { exitCode, stdout, stderr, result, state, reason }; rejects with JobFailedError unless completed. */
  async get(opts: WaitOptions = {}): Promise<JobResult<R>> {
    await this.wait(opts);
    const facts = { name: this.name, state: this.#state, exitCode: this.#exitCode, isFunction: typeof this.#spec?.task === 'function', nodePath: this.#spec?.options.nodePath };
    return settle<R>({ ...facts, ...(this.#id ? { id: this.#id } : {}), ...(this.#reason ? { reason: this.#reason } : {}) }, this.#outputs ?? {});
  }

  /** Cancel the job (a job not yet submitted just ends as cancelled). */
  async cancel(): Promise<void> {
    if (!this.#id) {
      if (!isFinal(this.#state)) this.#apply({ state: 'cancelled', exitCode: null });
      this.#submitted = true;
      return;
    }
    // An ended job has nothing to cancel (and a re-attached local job's id belongs to another process's runner).
    if (isFinal(this.state)) return;
    this.#cancelRequested = true;
    await this.#scheduler(await this.#getHost()).cancel([this.#id]);
  }

  /** Delete the files this job wrote (and, with deleteOutputs, its outputs); returns the paths deleted. */
  async clean(opts: { deleteOutputs?: boolean } = {}): Promise<string[]> {
    const spec = this.#need('be cleaned');
    if (this.#id && !isFinal(this.#state)) await this.update();
    if (this.#id && !isFinal(this.#state)) throw new HpcqError(`Job ${this.name} [${this.#id}] is ${this.#state}; wait for it or cancel it before cleaning`);
    if (spec.external) return [];
    const host = await this.#getHost();
    const paths = [...writtenPaths(spec.files), ...(opts.deleteOutputs ? outputPaths(spec.files) : [])];
    const present = (await Promise.all(paths.map(async (p) => ((await host.stat(p)) ? p : undefined)))).filter((p): p is string => !!p);
    await Promise.all(present.map((p) => host.remove(p)));
    // Ledger hook (src/ledger): the job's record goes with its files.
    await forgetJobs(host, spec.filedir, [spec.files.submit]);
    this.#written = [];
    if (opts.deleteOutputs) releaseName(spec.filedir, spec.stem, spec.suffix);
    return present;
  }

  /** Plain data for logs and JSON output. */
  toJSON(): Record<string, unknown> {
    return { id: this.#id, name: this.name, qtype: this.#qtype, state: this.#state, reason: this.#reason, exitCode: this.#exitCode, files: this.files };
  }

  async #removeWritten(host: Host): Promise<void> {
    await Promise.allSettled(this.#written.map((p) => host.remove(p)));
    this.#written = [];
  }
}
