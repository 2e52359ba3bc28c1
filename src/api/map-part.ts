/** One scheduler array of a `map`: its spec, its items' payload, unsubmitted (map.ts submits it). */
import { ArrayPart } from '../array/array-part.js';
import type { ArrayPlan } from '../array/script.js';
import { expandTemplate } from '../array/template.js';
import { renderItemsInput } from '../job/payload.js';
import { createJobSpec } from '../job/spec.js';
import type { Qtype } from '../types.js';
import type { Host } from '../util/host.js';

/** What every array of one map shares. */
export interface PartContext {
  call: Record<string, unknown> & { qtype: Qtype };
  host: Host;
  chunk: number;
  /** This array's share of `parallel`. */
  parallel: number | undefined;
}

/** The array over `positions` (indices into `items`, in order), with files of its own. */
export function createPart<T, R>(task: ((item: T, index: number) => unknown) | string, items: readonly T[], positions: readonly number[], ctx: PartContext): ArrayPart<R> {
  const { chunk, parallel } = ctx;
  const chosen = positions.map((p) => items[p] as T);
  const spec = createJobSpec(task as never, ctx.call);
  // Item j runs as index j unless this array holds other items than the first ones (a split, a retry).
  const identity = positions.every((p, j) => p === j);
  // Payloads are rendered (and a bad item refused) before anything is written.
  const payload: ArrayPlan['payload'] =
    typeof task === 'function'
      ? { kind: 'function', text: renderItemsInput(task, chosen, chunk, identity ? undefined : positions) }
      : { kind: 'commands', lines: chosen.map((item, j) => expandTemplate(task, item, positions[j]!)) };
  const plan: ArrayPlan = { spec, tasks: Math.ceil(chosen.length / chunk), chunk, ...(parallel ? { parallel } : {}), payload };
  return new ArrayPart<R>(plan, ctx.host, positions);
}
