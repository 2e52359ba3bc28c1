/**
 * `ArrayPart`: one scheduler array of a `map` (write → submit → wait → clean). A map is one part
 * unless it passes the site's largest array (split.ts); JobArray spans the parts. The local
 * runner runs each task as a job of its own, at most `parallel` at once. Each array task has its
 * own status and output files (taskFiles), so a part is done only when every task's own ending
 * is known; each item's own outcome comes from the function runner's output or, for commands,
 * from the `item.<j>=<exit>` lines its task appended to its status file (item-codes.ts).
 */
import { HpcqError } from '../errors.js';
import { dependencyId, normalizeDepends, type DependencyIds, type DependencyRef } from '../core/dependencies.js';
import { isFinal } from '../core/states.js';
import { parseStatusFile, stateFromStatus } from '../core/status-file.js';
import { schedulerFor } from '../queue/index.js';
import type { Scheduler } from '../schedulers/scheduler.js';
import type { JobRecord, WaitOptions } from '../types.js';
import type { Host } from '../util/host.js';
import { itemsPath, outputPaths, taskFiles, taskPath, writtenPaths } from '../job/files.js';
import { releaseName } from '../job/naming.js';
import { removePresent } from '../job/remove-files.js';
import { parseItemsOutput } from '../job/payload.js';
import { workDir } from '../job/write.js';
import { LOCAL_TASK_VAR } from '../job/job-env.js';
import { itemEndings } from './item-codes.js';
import { renderArray, type ArrayPlan } from './script.js';
import { ArrayTask, type ItemEnding, type TaskEnding } from './task.js';

/** One scheduler array of a map. Built by JobArray, not by users. */
export class ArrayPart<R = unknown> {
  readonly tasks: ReadonlyArray<ArrayTask<R>>;
  #ids: (string | undefined)[];
  #arrayId: string | undefined;
  #cancelRequested = false;
  #done: Promise<void> | undefined;

  constructor(
    readonly plan: ArrayPlan,
    private readonly host: Host,
    /** The index in the first map of each item (a retry's items keep theirs). */
    indices: readonly number[],
  ) {
    this.#ids = new Array<string | undefined>(plan.tasks).fill(undefined);
    this.tasks = indices.map((index, pos) => {
      const t = Math.floor(pos / plan.chunk);
      return new ArrayTask<R>(index, t, () => ({ id: this.#ids[t], latest: this.#ids[t] ? this.#scheduler().latest(this.#ids[t]!) : undefined }));
    });
  }

  /** The scheduler's id of this array (undefined for a local array: its tasks have their own). */
  get id(): string | undefined {
    return this.#arrayId;
  }

  /** Ids of its tasks (empty before submission). */
  get taskIds(): string[] {
    return this.#ids.filter((id): id is string => id !== undefined);
  }

  /**
   * What a job depending on this array waits for: the array's id where the scheduler has one
   * (afterok of an array = every task ends ok), else every task's id. The array's ref carries
   * every task's status file, so a `guarded` back-end's dependency guard can check that each
   * task ended ok (guard-plan.ts).
   */
  dependencyRefs(): DependencyRef[] {
    if (this.#arrayId) {
      const statusFiles = Array.from({ length: this.plan.tasks }, (_, t) => taskPath(this.plan.spec.files.status, t));
      return [{ id: this.#arrayId, name: this.plan.spec.name, statusFiles } as DependencyRef];
    }
    const ids = this.taskIds;
    if (ids.length === 0) throw new HpcqError(`depends: array ${this.plan.spec.name} has not been submitted yet, so nothing can depend on it`);
    return ids;
  }

  #scheduler(): Scheduler {
    return schedulerFor(this.plan.spec.qtype, this.host);
  }

  /** The map's own dependencies, plus `after` (ids of an earlier part) as afterany. */
  #depends(after: readonly string[]): DependencyIds {
    const spec = normalizeDepends(this.plan.spec.options.depends);
    const out: DependencyIds = {};
    for (const kind of ['afterok', 'afterany', 'afternotok'] as const) if (spec[kind].length) out[kind] = spec[kind].map(dependencyId);
    if (after.length) out.afterany = [...(out.afterany ?? []), ...after];
    return out;
  }

  /** Write the files and submit the array; `after`: ids it waits for (afterany) before any task starts. */
  async submit(after: readonly string[] = []): Promise<this> {
    const { spec } = this.plan;
    const files = renderArray(this.plan, this.host);
    for (const f of files) await this.host.writeFile(f.path, f.text, { mode: f.mode });
    const scheduler = this.#scheduler();
    const base = { name: spec.name, script: spec.files.submit, cwd: workDir(spec, this.host) };
    const resources = { ...(spec.options.cores !== undefined ? { cores: spec.options.cores } : {}), ...(spec.options.time !== undefined ? { time: spec.options.time } : {}) };
    if (scheduler.arrayTaskIds) {
      const id = await scheduler.submit({ ...base, outfile: spec.files.out, errfile: spec.files.err, depends: this.#depends(after), resources: { ...resources, env: spec.options.env ?? {} } });
      this.#arrayId = id;
      this.#ids = await scheduler.arrayTaskIds(id, this.plan.tasks);
    } else {
      // The local runner has no arrays: one job per task, each waiting for the one `parallel` before it.
      const parallel = this.plan.parallel;
      for (let t = 0; t < this.plan.tasks; t++) {
        const deps = this.#depends(parallel && t >= parallel ? [this.#ids[t - parallel]!] : after);
        this.#ids[t] = await scheduler.submit({
          ...base,
          outfile: taskPath(spec.files.out, t),
          errfile: taskPath(spec.files.err, t),
          depends: deps,
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
    let outcomes: ItemEnding[] | undefined;
    if (this.plan.payload.kind === 'function') {
      try {
        outcomes = output !== undefined ? parseItemsOutput(output) : [];
      } catch {
        outcomes = [];
      }
    }
    const mine = this.tasks.filter((task) => task.taskIndex === t);
    const endings = itemEndings(ending, mine.length, t * this.plan.chunk, { outcomes, statusText, cancelled: this.#cancelRequested });
    mine.forEach((task, j) => task.end(endings[j]!.task, endings[j]!.item));
  }

  /** Cancel every task of the array that has not ended. */
  async cancel(): Promise<void> {
    this.#cancelRequested = true;
    const ids = this.#arrayId ? [this.#arrayId] : this.#ids.filter((id, t): id is string => !!id && !isFinal(this.tasks.find((x) => x.taskIndex === t)?.state ?? 'pending'));
    await this.#scheduler().cancel(ids);
  }

  /** Delete this array's files (and, with deleteOutputs, every task's outputs); the caller has checked that no task runs. */
  async clean(opts: { deleteOutputs?: boolean } = {}): Promise<string[]> {
    const { files } = this.plan.spec;
    const perTask = opts.deleteOutputs ? Array.from({ length: this.plan.tasks }, (_, t) => outputPaths(taskFiles(files, t))).flat() : [];
    const paths = [...new Set([...writtenPaths(files), itemsPath(files), ...(opts.deleteOutputs ? [files.out, files.err] : []), ...perTask])];
    const present = await removePresent(this.host, paths);
    if (opts.deleteOutputs) releaseName(this.plan.spec.filedir, this.plan.spec.stem, this.plan.spec.suffix);
    return present;
  }
}
