/**
 * `map(task, items, options)`: a list of items run as one job array (several only past the
 * site's largest array).
 *
 * How items become tasks and arrays (the rule, written here once; split.ts implements it):
 * - `chunk: k` runs k items per task; `arrayTasks: n` asks for at most n tasks (ceil(items / n) items
 *   each); giving both is an error. With neither, each item is a task of its own unless that
 *   would pass the largest array, then the chunk is raised just enough to stay ONE array.
 * - The largest array is the site's (Slurm `MaxArraySize`, Grid Engine `max_aj_tasks`, asked
 *   once per host), lowered by `[queue] max_array_size` / HPCQ_MAX_ARRAY_SIZE when set.
 * - When the tasks still pass it (a given chunk or arrayTasks), they are split into as few arrays as
 *   fit, each full but the last. `parallel` still bounds the whole map: the arrays share it.
 * - With `cores: c`, a task runs up to c of its items at once (function items in worker
 *   threads, commands as background processes), results still in item order.
 */
import { HpcqError } from '../errors.js';
import type { ArrayPart } from '../array/array-part.js';
import { JobArray } from '../array/job-array.js';
import { layoutMap, type MapLayout } from '../array/split.js';
import { maxArraySize, schedulerFor } from '../queue/index.js';
import type { Scheduler } from '../schedulers/scheduler.js';
import { hostFor } from '../util/host-for.js';
import { createPart } from './map-part.js';
import { qtypeOf, type SubmitOptions } from './submit.js';

/** Options of map: those of submit, plus how items are spread over the array's tasks. */
export type MapOptions = SubmitOptions & {
  /** Items run by each array task, in one process (default 1, or what keeps one array). Not with `arrayTasks`. */
  chunk?: number;
  /**
   * Number of array tasks to spread the items over (at most; items per task rounded up). Not with
   * `chunk`. (`tasks` stays the job option it is everywhere else: MPI ranks of each array task.)
   */
  arrayTasks?: number;
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

/** The largest array on this host: the site's, lowered by the user's setting (undefined: no limit). */
async function largestArray(scheduler: Scheduler): Promise<number | undefined> {
  const site = await scheduler.arrayLimit?.();
  const own = maxArraySize();
  return site !== undefined && own !== undefined ? Math.min(site, own) : (site ?? own);
}

/** Submit the parts in item order; one that fails cancels those already submitted. */
async function submitParts<R>(parts: ArrayPart<R>[], layout: MapLayout): Promise<void> {
  try {
    for (const [p, part] of parts.entries()) {
      const after = layout.parts[p]!.after;
      await part.submit(after === undefined ? [] : parts[after]!.dependencyRefs().map((r) => (typeof r === 'object' ? r.id! : String(r))));
    }
  } catch (err) {
    await Promise.allSettled(parts.filter((part) => part.taskIds.length > 0).map((part) => part.cancel()));
    throw err;
  }
}

/**
 * Submit `task` over every item as ONE scheduler array (split only past the largest array, see
 * the file comment; the local runner: one job per task, at most `parallel` at once). Items
 * travel in one payload file per array; each task reads its own. Resolves once the scheduler
 * took every array.
 */
export async function map<T, R>(task: MapTask<T, R>, items: readonly T[], options: MapOptions = {}): Promise<JobArray<Awaited<R>>> {
  if (!Array.isArray(items) || items.length === 0) throw new HpcqError('map: items must be a non-empty array');
  if (typeof task !== 'string' && typeof task !== 'function') throw new HpcqError('map: the task must be a function (item, index) => result or a command template string');
  const { chunk: rawChunk, arrayTasks: rawTasks, parallel: rawParallel, ...rest } = options;
  const spread = { chunk: positiveInt(rawChunk, 'chunk'), tasks: positiveInt(rawTasks, 'arrayTasks'), parallel: positiveInt(rawParallel, 'parallel') };
  // Refuses chunk with arrayTasks before the scheduler is even asked.
  layoutMap(items.length, spread);
  const call = { ...rest, qtype: await qtypeOf(rest) };
  const host = await hostFor(call.remote);
  const limit = await largestArray(schedulerFor(call.qtype, host));
  // `positions`: the items' indices in the first map (a retry runs some of them again).
  const make = async (positions: readonly number[]): Promise<JobArray<Awaited<R>>> => {
    const layout = layoutMap(positions.length, spread, limit);
    const parts = layout.parts.map((p) => createPart<T, Awaited<R>>(task, items, positions.slice(p.first, p.first + p.items), { call, host, chunk: layout.chunk, parallel: p.parallel }));
    await submitParts(parts, layout);
    return new JobArray<Awaited<R>>(parts, (failed) => make(failed.map((p) => positions[p]!)));
  };
  return make(items.map((_, i) => i));
}
