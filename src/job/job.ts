/**
 * `Job`: one job's lifecycle (write → submit → update/wait → get → clean). Its spec, host and
 * files are a JobSite (site.ts); its live state a LiveState (live-state.ts); file naming, script
 * rendering, dependency planning, submission, following and result reading are sibling modules.
 */
import type { AttachOptions } from '../api/attach.js';
import { HpcqError } from '../errors.js';
import { checkMaxQueueLen } from '../options/control.js';
import { normalizeDepends } from '../core/dependencies.js';
import { isFinal } from '../core/states.js';
import type { JobState, Qtype, StateReason, WaitOptions } from '../types.js';
import type { Host } from '../util/host.js';
import { startProgress } from '../util/progress.js';
import { waitWithDependencies } from './dependency-watch.js';
import type { JobFiles } from './files.js';
import { LiveState, relabelCancelled, type FinalRecord } from './live-state.js';
import { registerJob, registeredJob } from './registry.js';
import { readOutputs, settle, type JobOutputs, type JobResult } from './result.js';
import { SharedWait } from './shared-wait.js';
import { JobSite, type SiteInit } from './site.js';
import type { JobSpec } from './spec.js';
import type { OutputChunk } from './stream.js';
import { submitSpec } from './submit-spec.js';
import { streamJob, waitUntilState, type WatchOptions } from './watch.js';

export type { SpecBuilder } from './site.js';

const NO_FILES: JobFiles = { submit: '', exec: '', out: '', err: '', status: '' };

/** A job on any scheduler of the registry or the local runner. Build with `makeJob`/`submit`, not `new`. */
export class Job<R = unknown> {
  readonly #site: JobSite;
  #id: string | undefined;
  /** State, reason and exit code: from the tracker while live (a kill hpcq asked for reads as cancelled). */
  readonly #live = new LiveState(
    () => (this.#id ? this.#site.latest(this.#id) : undefined),
    (rec) => relabelCancelled(rec, this.#cancelRequested),
  );
  #outputs: JobOutputs | undefined;
  #submitted = false;
  #cancelRequested = false;
  #submitting: Promise<this> | undefined;

  /**
   * @internal Use makeJob() or submit(). Without a qtype, `build` makes the spec once the host's
   * scheduler is detected (when the job is first written or submitted).
   */
  constructor(spec: JobSpec | undefined, init: SiteInit & { id?: string; settled?: FinalRecord }) {
    this.#site = new JobSite(spec, init);
    this.#id = init.id;
    this.#submitted = init.id !== undefined;
    // A job re-attached from the ledger whose end is already known (src/api/attach.ts).
    if (init.settled) this.#live.take(init.settled);
  }

  /** Where the job runs. A job made without a qtype knows it once written or submitted (detected on its host). */
  get qtype(): Qtype {
    return this.#site.qtype;
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
    return registeredJob<Job>(id, qtype, host);
  }

  /** The job's name as the scheduler shows it (the given name, else the unique file stem). */
  get name(): string {
    return this.#site.name;
  }
  /** Scheduler id (runner id in local mode); undefined until submitted. */
  get id(): string | undefined {
    return this.#id;
  }
  /** Normalised state, live from the shared poller or the local runner; 'pending' until submitted. */
  get state(): JobState {
    return this.#live.fresh().state;
  }
  get reason(): StateReason | undefined {
    return this.#live.fresh().reason;
  }
  get exitCode(): number | null {
    return this.#live.fresh().exitCode;
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
    return this.#site.spec?.files ?? NO_FILES;
  }

  /** Write the job's scripts (and function payloads) without submitting. */
  async write(opts: { overwrite?: boolean } = {}): Promise<this> {
    await this.#site.write(opts);
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
    const site = this.#site;
    const { spec, host, wroteNow } = await site.prepare();
    try {
      const scheduler = site.scheduler(host);
      const outcome = await submitSpec(this, spec, host, scheduler, opts.maxQueueLen);
      this.#submitted = true;
      if ('never' in outcome) {
        this.#live.take({ state: 'cancelled', reason: 'dependency_never_satisfied', exitCode: null });
        return this;
      }
      this.#id = outcome.id;
      scheduler.track(outcome.id, spec.files.status ? { statusFile: spec.files.status } : {});
      registerJob(this, outcome.id, this.qtype, host);
      return this;
    } catch (err) {
      if (wroteNow) await site.removeWritten(host);
      throw err;
    }
  }

  /** Refresh state from the last poll (or the local runner). */
  async update(): Promise<this> {
    if (!this.#id) return this;
    await this.#site.host();
    this.#live.fresh();
    return this;
  }

  /** Wait until the job is final, then read its outputs. */
  async wait(opts: WaitOptions = {}): Promise<this> {
    if (!this.#id) {
      if (this.#submitted && isFinal(this.#live.state)) return this;
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
    const host = await this.#site.host();
    const spec = this.#site.spec;
    const deps = normalizeDepends(spec?.options.depends);
    // A settled job (re-attached from the ledger) has nothing to wait for but its outputs.
    if (!isFinal(this.#live.state)) this.#live.take(await waitWithDependencies(this, id, deps, this.#site.scheduler(host), { signal }));
    const outputs: JobOutputs = spec ? await readOutputs(host, spec.files) : {};
    this.#live.endFromStatus(outputs.status);
    this.#outputs = outputs;
  }

  /**
   * The job's stdout and stderr as they are written, through its host (SFTP for a remote job),
   * ending once the job has ended and the files are read to the end. Breaking out of the loop
   * stops following; a wait that fails (timeout, abort) is rethrown after the last chunk.
   */
  async *stream(opts: WatchOptions = {}): AsyncGenerator<OutputChunk, void, undefined> {
    const spec = this.#site.need('stream its output');
    if (!this.#id) throw new HpcqError(`Job ${this.name} has not been submitted; call submit() first`);
    yield* streamJob(this, await this.#site.host(), { stdout: spec.files.out, stderr: spec.files.err }, opts);
  }

  /**
   * Resolve once the job is in `state` or a later one (`waitUntil('running')` also resolves for a
   * job that already ended after running); reject with HpcqError when it ended without reaching it.
   */
  async waitUntil(state: JobState, opts: WatchOptions = {}): Promise<this> {
    if (!this.#id && !(this.#submitted && isFinal(this.#live.state))) throw new HpcqError(`Job ${this.name} has not been submitted; call submit() first`);
    await waitUntilState(this, state, opts);
    return this;
  }

  /** Wait, then return { exitCode, stdout, stderr, result, state, reason }; rejects with JobFailedError unless completed. */
  async get(opts: WaitOptions = {}): Promise<JobResult<R>> {
    await this.wait(opts);
    const { state, exitCode, reason } = this.#live;
    const spec = this.#site.spec;
    const facts = { name: this.name, state, exitCode, isFunction: typeof spec?.task === 'function', nodePath: spec?.options.nodePath };
    return settle<R>({ ...facts, ...(this.#id ? { id: this.#id } : {}), ...(reason ? { reason } : {}) }, this.#outputs ?? {});
  }

  /** Cancel the job (a job not yet submitted just ends as cancelled). */
  async cancel(): Promise<void> {
    if (!this.#id) {
      if (!isFinal(this.#live.state)) this.#live.take({ state: 'cancelled', exitCode: null });
      this.#submitted = true;
      return;
    }
    // An ended job has nothing to cancel (and a re-attached local job's id belongs to another process's runner).
    if (isFinal(this.state)) return;
    this.#cancelRequested = true;
    await this.#site.scheduler(await this.#site.host()).cancel([this.#id]);
  }

  /** Delete the files this job wrote (and, with deleteOutputs, its outputs); returns the paths deleted. */
  async clean(opts: { deleteOutputs?: boolean } = {}): Promise<string[]> {
    const spec = this.#site.need('be cleaned');
    if (this.#id && !isFinal(this.#live.state)) await this.update();
    if (this.#id && !isFinal(this.#live.state)) throw new HpcqError(`Job ${this.name} [${this.#id}] is ${this.#live.state}; wait for it or cancel it before cleaning`);
    return this.#site.clean(spec, opts);
  }

  /** Plain data for logs and JSON output. */
  toJSON(): Record<string, unknown> {
    const { state, reason, exitCode } = this.#live;
    return { id: this.#id, name: this.name, qtype: this.#site.knownQtype, state, reason, exitCode, files: this.files };
  }
}
