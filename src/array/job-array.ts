/**
 * `JobArray`: the lifecycle of one `map` (write → submit → wait → results → clean, retry).
 * One scheduler array per map; the local runner runs each task as a job of its own, at most
 * `parallel` at once. Each array task has its own status and output files (taskFiles), so the
 * array is done only when every task's own ending is known.
 */
import { ArrayFailedError, HpcqError, type ArrayFailure } from '../errors.js';
import { dependencyId, normalizeDepends, type DependencyIds, type DependencyRef } from '../core/dependencies.js';
import { isFinal } from '../core/states.js';
import { parseStatusFile, stateFromStatus } from '../core/status-file.js';
import { schedulerFor } from '../queue/index.js';
import type { Scheduler } from '../schedulers/scheduler.js';
import type { JobRecord, WaitOptions } from '../types.js';
import type { Host } from '../util/host.js';
import { itemsPath, outputPaths, taskFiles, taskPath, writtenPaths } from '../job/files.js';
import { releaseName } from '../job/naming.js';
import { parseItemsOutput } from '../job/payload.js';
import type { JobSpec } from '../job/spec.js';
import { workDir } from '../job/write.js';
import { LOCAL_TASK_VAR } from '../job/job-env.js';
import { renderArray, type ArrayPlan } from './script.js';
import { ArrayTask, type ItemEnding, type TaskEnding } from './task.js';

/** One item's outcome from `results({ settle: true })`. */
export type Settled<R> = { index: number; ok: true; value: R } | { index: number; ok: false; failure: ArrayFailure };

/** How to make the array again over some of its items (retry). */
export type Remake<R> = (positions: number[]) => Promise<JobArray<R>>;

/** One map's array of tasks. Build with `map()`, not `new`. */
export class JobArray<R = unknown> {
  readonly tasks: ReadonlyArray<ArrayTask<R>>;
  #ids: (string | undefined)[];
  #arrayId: string | undefined;
  #cancelRequested = false;
  #done: Promise<void> | undefined;

  /** @internal */
  constructor(
    private readonly plan: ArrayPlan,
    private readonly host: Host,
    /** The index in the first map of each item (a retry's items keep theirs). */
    indices: readonly number[],
    private readonly remake: Remake<R>,
  ) {
    this.#ids = new Array<string | undefined>(plan.tasks).fill(undefined);
    this.tasks = indices.map((index, pos) => {
      const t = Math.floor(pos / plan.chunk);
      return new ArrayTask<R>(index, t, () => ({ id: this.#ids[t], latest: this.#ids[t] ? this.#scheduler().latest(this.#ids[t]!) : undefined }));
    });
  }

  /** The scheduler's id of the whole array (undefined for a local array: its tasks have their own). */
  get id(): string | undefined {
    return this.#arrayId;
  }
  get name(): string {
    return this.plan.spec.name;
  }
  /** Every path the array wrote (scripts and payload); task outputs are `taskPath` of the job's out/err/status. */
  get files(): JobSpec['files'] {
    return this.plan.spec.files;
  }

  /**
   * What a job depending on the whole array waits for: the array's id where the scheduler has
   * one (afterok of an array = every task ends ok), else every task's id. `arr.tasks[i]` is a
   * dependency on one item's task. The array's ref carries every task's status file, so a
   * `guarded` back-end's dependency guard can check that each task ended ok (guard-plan.ts).
   */
  dependencyRefs(): DependencyRef[] {
    if (this.#arrayId) {
      const statusFiles = Array.from({ length: this.plan.tasks }, (_, t) => taskPath(this.plan.spec.files.status, t));
      return [{ id: this.#arrayId, name: this.name, statusFiles } as DependencyRef];
    }
    const ids = this.#ids.filter((id): id is string => id !== undefined);
    if (ids.length === 0) throw new HpcqError(`depends: array ${this.name} has not been submitted yet, so nothing can depend on it`);
    return ids;
  }

  #scheduler(): Scheduler {
    return schedulerFor(this.plan.spec.qtype, this.host);
  }

  #depends(): DependencyIds {
    const spec = normalizeDepends(this.plan.spec.options.depends);
    const out: DependencyIds = {};
    for (const kind of ['afterok', 'afterany', 'afternotok'] as const) if (spec[kind].length) out[kind] = spec[kind].map(dependencyId);
    return out;
  }

  /** @internal Write the files and submit the array. */
  async submit(): Promise<this> {
    const { spec } = this.plan;
    const files = renderArray(this.plan, this.host);
    for (const f of files) await this.host.writeFile(f.path, f.text, { mode: f.mode });
    const scheduler = this.#scheduler();
    const base = { name: spec.name, script: spec.files.submit, cwd: workDir(spec, this.host) };
    const resources = { ...(spec.options.cores !== undefined ? { cores: spec.options.cores } : {}), ...(spec.options.time !== undefined ? { time: spec.options.time } : {}) };
    if (scheduler.arrayTaskIds) {
      const id = await scheduler.submit({ ...base, outfile: spec.files.out, errfile: spec.files.err, depends: this.#depends(), resources: { ...resources, env: spec.options.env ?? {} } });
      this.#arrayId = id;
      this.#ids = await scheduler.arrayTaskIds(id, this.plan.tasks);
    } else {
      // The local runner has no arrays: one job per task, each waiting for the one `parallel` before it.
      const parallel = this.plan.parallel;
      for (let t = 0; t < this.plan.tasks; t++) {
        const before = parallel && t >= parallel ? [this.#ids[t - parallel]!] : [];
        const deps = this.#depends();
        this.#ids[t] = await scheduler.submit({
          ...base,
          outfile: taskPath(spec.files.out, t),
          errfile: taskPath(spec.files.err, t),
          depends: { ...deps, afterany: [...(deps.afterany ?? []), ...before] },
          resources: { ...resources, env: { ...(spec.options.env ?? {}), [LOCAL_TASK_VAR]: String(t) } },
        });
      }
    }
    this.#ids.forEach((id, t) => scheduler.track(id!, { statusFile: taskPath(spec.files.status, t) }));
    return this;
  }

  /** Wait until every task has ended and read each one's files. */
  async wait(opts: WaitOptions = {}): Promise<this> {
    this.#done ??= this.#settle(opts).catch((err: unknown) => {
      this.#done = undefined;
      throw err;
    });
    await this.#done;
    return this;
  }

  async #settle(opts: WaitOptions): Promise<void> {
    const scheduler = this.#scheduler();
    await Promise.all(this.#ids.map(async (id, t) => this.#endTask(t, await scheduler.waitFor(id!, opts))));
  }

  async #endTask(t: number, rec: JobRecord): Promise<void> {
    const files = taskFiles(this.plan.spec.files, t);
    const read = (p: string | undefined): Promise<string | undefined> => (p ? this.host.readFile(p) : Promise.resolve(undefined));
    const [stdout, stderr, statusText, output] = await Promise.all([read(files.out), read(files.err), read(files.status), read(files.funcOutput)]);
    const status = statusText !== undefined ? parseStatusFile(statusText) : undefined;
    let { state, reason } = rec;
    const fromStatus = status && (state === 'unknown' || status.reason) ? stateFromStatus(status) : undefined;
    if (fromStatus) ({ state, reason } = fromStatus);
    const killed = state === 'failed' || state === 'unknown';
    if (this.#cancelRequested && killed) [state, reason] = ['cancelled', undefined];
    const ending: TaskEnding = { state, reason, exitCode: rec.exitCode ?? status?.exitCode ?? null, stdout, stderr };
    let outcomes: ItemEnding[] = [];
    try {
      outcomes = output !== undefined ? parseItemsOutput(output) : [];
    } catch {
      outcomes = [];
    }
    const mine = this.tasks.filter((task) => task.taskIndex === t);
    const isFunction = this.plan.payload.kind === 'function';
    mine.forEach((task, j) => {
      const outcome = outcomes[j];
      const item: ItemEnding = isFunction ? (outcome ?? { ok: false }) : { ok: state === 'completed', value: undefined };
      task.end(ending, state === 'completed' || (isFunction && outcome) ? item : { ok: false, ...(outcome && !outcome.ok ? { error: outcome.error } : {}) });
    });
  }

  /** Per-item outcomes, in item order. */
  async results(opts: { settle: true } & WaitOptions): Promise<Settled<R>[]>;
  /** The items' results in item order; rejects with ArrayFailedError listing every failed item. */
  async results(opts?: { settle?: false } & WaitOptions): Promise<R[]>;
  async results(opts: { settle?: boolean } & WaitOptions = {}): Promise<R[] | Settled<R>[]> {
    const { settle, ...wait } = opts;
    await this.wait(wait);
    const settled = this.tasks.map((task): Settled<R> => (task.ok ? { index: task.index, ok: true, value: task.result as R } : { index: task.index, ok: false, failure: this.#failure(task) }));
    if (settle) return settled;
    const failed = settled.flatMap((s) => (s.ok ? [] : [s.failure]));
    if (failed.length > 0) throw new ArrayFailedError(this.name, failed);
    return settled.map((s) => (s as { value: R }).value);
  }

  #failure(task: ArrayTask<R>): ArrayFailure {
    const state = task.state === 'completed' ? 'failed' : task.state;
    return { index: task.index, taskId: task.id, state, reason: task.reason ?? (task.error ? 'nonzero_exit' : undefined), exitCode: task.exitCode, remoteError: task.error };
  }

  /** Cancel every task of the array that has not ended. */
  async cancel(): Promise<void> {
    this.#cancelRequested = true;
    const ids = this.#arrayId ? [this.#arrayId] : this.#ids.filter((id, t): id is string => !!id && !isFinal(this.tasks.find((x) => x.taskIndex === t)?.state ?? 'pending'));
    await this.#scheduler().cancel(ids);
  }

  /** Submit the items that failed (or were cancelled) again, as a new array; their indices stay. */
  async retry(): Promise<JobArray<R>> {
    await this.wait();
    const positions = this.tasks.flatMap((task, pos) => (task.ok ? [] : [pos]));
    if (positions.length === 0) throw new HpcqError(`Array ${this.name}: no item failed, nothing to retry`);
    return this.remake(positions);
  }

  /** Delete the array's files (and, with deleteOutputs, every task's outputs); refused while a task runs. */
  async clean(opts: { deleteOutputs?: boolean } = {}): Promise<string[]> {
    const live = this.tasks.filter((task) => !isFinal(task.state));
    if (live.length > 0) throw new HpcqError(`Array ${this.name}: ${live.length} item(s) have not ended; wait for the array or cancel it before cleaning`);
    const { files } = this.plan.spec;
    const perTask = opts.deleteOutputs ? Array.from({ length: this.plan.tasks }, (_, t) => outputPaths(taskFiles(files, t))).flat() : [];
    const paths = [...new Set([...writtenPaths(files), itemsPath(files), ...(opts.deleteOutputs ? [files.out, files.err] : []), ...perTask])];
    const present = (await Promise.all(paths.map(async (p) => ((await this.host.stat(p)) ? p : undefined)))).filter((p): p is string => !!p);
    await Promise.all(present.map((p) => this.host.remove(p)));
    if (opts.deleteOutputs) releaseName(this.plan.spec.filedir, this.plan.spec.stem, this.plan.spec.suffix);
    return present;
  }
}
