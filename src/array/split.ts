/**
 * How a map's items are laid out over scheduler arrays: items per task, and which contiguous run
 * of tasks each array holds. Pure; the rule it implements is written once, on `map` (map.ts).
 */
import { HpcqError } from '../errors.js';

/** One scheduler array of a map. */
export interface ArrayPartLayout {
  /** Position of its first item among the map's items. */
  first: number;
  /** Items it runs. */
  items: number;
  /** Its tasks (items / chunk, rounded up). */
  tasks: number;
  /** Most of its tasks running at once (its share of `parallel`), undefined for no limit. */
  parallel?: number;
  /** The earlier part this one waits for (afterany), so the whole map keeps to `parallel`. */
  after?: number;
}

/** A map's layout: one chunk size for every task, and the arrays in item order. */
export interface MapLayout {
  chunk: number;
  parts: ArrayPartLayout[];
}

/** How the caller asked to spread the items. */
export interface SpreadRequest {
  chunk?: number;
  tasks?: number;
  parallel?: number;
}

/** Items per task: the given chunk, else from `tasks`, else 1 raised just enough for one array. */
function chunkOf(count: number, req: SpreadRequest, limit: number | undefined): number {
  if (req.chunk !== undefined && req.tasks !== undefined) throw new HpcqError(`map: give chunk (items per task) or arrayTasks (number of array tasks), not both; got chunk: ${req.chunk} and arrayTasks: ${req.tasks}`);
  if (req.chunk !== undefined) return req.chunk;
  if (req.tasks !== undefined) return Math.ceil(count / req.tasks);
  return limit !== undefined && count > limit ? Math.ceil(count / limit) : 1;
}

/**
 * Lay `count` items out over as few arrays as `limit` (the most tasks per array, undefined: no
 * limit) allows. With `parallel` P over n arrays, the arrays form min(P, n) lanes that share P;
 * an array in a lane waits for the one before it in that lane, so at most P tasks run at once.
 */
export function layoutMap(count: number, req: SpreadRequest, limit?: number): MapLayout {
  const chunk = chunkOf(count, req, limit);
  const total = Math.ceil(count / chunk);
  const per = limit ?? total;
  const n = Math.ceil(total / per);
  const lanes = req.parallel !== undefined ? Math.min(req.parallel, n) : n;
  const parts = Array.from({ length: n }, (_, p): ArrayPartLayout => {
    const first = p * per * chunk;
    const items = Math.min(count, (p + 1) * per * chunk) - first;
    const part: ArrayPartLayout = { first, items, tasks: Math.ceil(items / chunk) };
    if (req.parallel !== undefined) part.parallel = Math.floor(req.parallel / lanes) + (p % lanes < req.parallel % lanes ? 1 : 0);
    if (p >= lanes) part.after = p - lanes;
    return part;
  });
  return { chunk, parts };
}
