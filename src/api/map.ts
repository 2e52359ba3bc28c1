/** `map(task, items, options)`: one job array over a list of items. */
import { HpcqError } from '../errors.js';
import { JobArray } from '../array/job-array.js';
import type { ArrayPlan } from '../array/script.js';
import { expandTemplate } from '../array/template.js';
import { renderItemsInput } from '../job/payload.js';
import { createJobSpec } from '../job/spec.js';
import { schedulerFor } from '../queue/index.js';
import type { Scheduler } from '../schedulers/scheduler.js';
import { hostFor } from '../util/host-for.js';
import { qtypeOf, type SubmitOptions } from './submit.js';

/** Options of map: those of submit, plus how items are spread over the array's tasks. */
export type MapOptions = SubmitOptions & {
  /** Items run by each array task, one after the other in one process (default 1). */
  chunk?: number;
  /** Most array tasks running at once (Slurm `%P`; the local runner honours it too). Default: no limit. */
  parallel?: number;
};

/** The task of a map: a function of one item and its index, or a command template (`{item}`, `{index}`, fields). */
export type MapTask<T, R> = ((item: T, index: number) => R) | string;

function positiveInt(value: unknown, what: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new HpcqError(`map: ${what} must be a whole number of at least 1, got ${String(value)}`);
  return value;
}

/**
 * Items per task: the given chunk, else 1, raised just enough that the array stays within the
 * site's largest array (Slurm's MaxArraySize). A given chunk past the limit is refused, naming it.
 */
async function chunkFor(count: number, given: number | undefined, scheduler: Scheduler): Promise<number> {
  const limit = await scheduler.arrayLimit?.();
  if (!limit || Math.ceil(count / (given ?? 1)) <= limit) return given ?? 1;
  if (given !== undefined) {
    throw new HpcqError(`map: ${Math.ceil(count / given)} tasks of ${given} item(s) exceed ${scheduler.title}'s largest array (${limit} tasks); use chunk: ${Math.ceil(count / limit)} or more, or leave chunk out`);
  }
  return Math.ceil(count / limit);
}

/**
 * Submit `task` over every item as ONE scheduler array (the local runner: one job per task, at
 * most `parallel` at once). Items travel in one payload file; each task reads its own. Resolves
 * once the scheduler took the array.
 */
export async function map<T, R>(task: MapTask<T, R>, items: readonly T[], options: MapOptions = {}): Promise<JobArray<Awaited<R>>> {
  if (!Array.isArray(items) || items.length === 0) throw new HpcqError('map: items must be a non-empty array');
  if (typeof task !== 'string' && typeof task !== 'function') throw new HpcqError('map: the task must be a function (item, index) => result or a command template string');
  const { chunk: rawChunk, parallel: rawParallel, ...rest } = options;
  const given = positiveInt(rawChunk, 'chunk');
  const parallel = positiveInt(rawParallel, 'parallel');
  const call = { ...rest, qtype: await qtypeOf(rest) };
  const host = await hostFor(call.remote);
  const chunk = await chunkFor(items.length, given, schedulerFor(call.qtype, host));
  const make = async (positions: readonly number[]): Promise<JobArray<Awaited<R>>> => {
    const chosen = positions.map((p) => items[p] as T);
    const spec = createJobSpec(task as never, call);
    // Payloads are rendered (and a bad item refused) before anything is written.
    const payload: ArrayPlan['payload'] =
      typeof task === 'function'
        ? { kind: 'function', text: renderItemsInput(task, chosen, chunk, positions.length === items.length ? undefined : positions) }
        : { kind: 'commands', lines: chosen.map((item, j) => expandTemplate(task, item, positions[j]!)) };
    const plan: ArrayPlan = { spec, tasks: Math.ceil(chosen.length / chunk), chunk, ...(parallel ? { parallel } : {}), payload };
    const remake = (failed: number[]): Promise<JobArray<Awaited<R>>> => make(failed.map((p) => positions[p]!));
    return new JobArray<Awaited<R>>(plan, host, positions, remake).submit();
  };
  return make(items.map((_, i) => i));
}
