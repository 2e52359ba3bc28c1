/**
 * `JobArray`: what `map` returns, over the one scheduler array of a map, or the several it was
 * split into past the site's largest array (split.ts). Items keep their order across the parts:
 * `tasks[i]`, `results()` and failures are by item index; wait, cancel, clean and retry act on
 * every part; a job depending on the JobArray waits for every part (afterok of each).
 */
import { ArrayFailedError, HpcqError, type ArrayFailure } from '../errors.js';
import type { DependencyRef } from '../core/dependencies.js';
import { isFinal } from '../core/states.js';
import type { WaitOptions } from '../types.js';
import type { JobSpec } from '../job/spec.js';
import type { ArrayPart } from './array-part.js';
import type { ArrayTask } from './task.js';

/** One item's outcome from `results({ settle: true })`. */
export type Settled<R> = { index: number; ok: true; value: R } | { index: number; ok: false; failure: ArrayFailure };

/** How to make the array again over some of its items (retry), by their positions in it. */
export type Remake<R> = (positions: number[]) => Promise<JobArray<R>>;

/** One map's tasks, over one or more scheduler arrays. Build with `map()`, not `new`. */
export class JobArray<R = unknown> {
  /** Every item's Job-like view, in item order. */
  readonly tasks: ReadonlyArray<ArrayTask<R>>;

  /** @internal */
  constructor(
    private readonly parts: ReadonlyArray<ArrayPart<R>>,
    private readonly remake: Remake<R>,
  ) {
    this.tasks = parts.flatMap((p) => p.tasks);
  }

  /**
   * The scheduler's id of the array (undefined for a local map: its tasks have their own). A map
   * split past the site's limit has one id per array: this is the first's, `ids` lists them all.
   */
  get id(): string | undefined {
    return this.parts[0]!.id;
  }
  /** The scheduler ids of every array of this map, in item order (one unless it was split). */
  get ids(): string[] {
    return this.parts.flatMap((p) => (p.id ? [p.id] : []));
  }
  get name(): string {
    return this.parts[0]!.plan.spec.name;
  }
  /** Every path the (first) array wrote (scripts and payload); task outputs are `taskPath` of the job's out/err/status. */
  get files(): JobSpec['files'] {
    return this.parts[0]!.plan.spec.files;
  }

  /** What a job depending on the whole map waits for: every array (or local task) ending ok. */
  dependencyRefs(): DependencyRef[] {
    return this.parts.flatMap((p) => p.dependencyRefs());
  }

  /** Wait until every task of every array has ended and read each one's files. */
  async wait(opts: WaitOptions = {}): Promise<this> {
    await Promise.all(this.parts.map((p) => p.wait(opts)));
    return this;
  }

  /** Per-item outcomes, in item order. */
  async results(opts: { settle: true } & WaitOptions): Promise<Settled<R>[]>;
  /** The items' results in item order; rejects with ArrayFailedError listing every failed item. */
  async results(opts?: { settle?: false } & WaitOptions): Promise<R[]>;
  async results(opts: { settle?: boolean } & WaitOptions = {}): Promise<R[] | Settled<R>[]> {
    const { settle, ...wait } = opts;
    await this.wait(wait);
    const settled = this.tasks.map((task): Settled<R> => (task.ok ? { index: task.index, ok: true, value: task.result as R } : { index: task.index, ok: false, failure: failureOf(task) }));
    if (settle) return settled;
    const failed = settled.flatMap((s) => (s.ok ? [] : [s.failure]));
    if (failed.length > 0) throw new ArrayFailedError(this.name, failed);
    return settled.map((s) => (s as { value: R }).value);
  }

  /** Cancel every task of every array that has not ended. */
  async cancel(): Promise<void> {
    await Promise.all(this.parts.map((p) => p.cancel()));
  }

  /** Submit the items that failed (or were cancelled) again, as a new map; their indices stay. */
  async retry(): Promise<JobArray<R>> {
    await this.wait();
    const positions = this.tasks.flatMap((task, pos) => (task.ok ? [] : [pos]));
    if (positions.length === 0) throw new HpcqError(`Array ${this.name}: no item failed, nothing to retry`);
    return this.remake(positions);
  }

  /** Delete every array's files (and, with deleteOutputs, every task's outputs); refused while a task runs. */
  async clean(opts: { deleteOutputs?: boolean } = {}): Promise<string[]> {
    const live = this.tasks.filter((task) => !isFinal(task.state));
    if (live.length > 0) throw new HpcqError(`Array ${this.name}: ${live.length} item(s) have not ended; wait for the array or cancel it before cleaning`);
    return (await Promise.all(this.parts.map((p) => p.clean(opts)))).flat();
  }
}

/** Why one item failed, for ArrayFailedError and settled results. */
function failureOf<R>(task: ArrayTask<R>): ArrayFailure {
  const state = task.state === 'completed' ? 'failed' : task.state;
  return { index: task.index, taskId: task.id, state, reason: task.reason ?? (task.error ? 'nonzero_exit' : undefined), exitCode: task.exitCode, remoteError: task.error };
}
