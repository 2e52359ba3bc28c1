/**
 * Each item's own ending inside a packed array task. A task of k items has one exit code, but
 * the items do not share a fate: a function item's outcome is in the runner's output, and a
 * command item's exit code is the `item.<j>=<exit>` line its task appended to its status file
 * (j: the item's position in the array's payload; script.ts writes them). An item with its own
 * outcome ends by it; one without (the task was killed before it ran) ends as its task did.
 */
import { stateFromExit } from '../core/states.js';
import type { ItemEnding, TaskEnding } from './task.js';

const ITEM_LINE = /^item\.(\d+)=(\d+)$/gm;

/** The `item.<j>=<exit>` lines of a status file: exit code by payload position. */
export function parseItemCodes(statusText: string | undefined): Map<number, number> {
  const codes = new Map<number, number>();
  for (const m of (statusText ?? '').matchAll(ITEM_LINE)) codes.set(Number(m[1]), Number(m[2]));
  return codes;
}

/** What a packed task's items left: function outcomes (function maps), the status text (commands). */
export interface ItemFacts {
  /** The runner's per-item outcomes, in the task's item order (function maps only). */
  outcomes?: readonly ItemEnding[];
  statusText?: string;
  /** The map was cancelled: an item killed by it reads as cancelled, not failed. */
  cancelled: boolean;
}

/** One item's view of its task's ending, and its own outcome. */
export interface ItemResult {
  task: TaskEnding;
  item: ItemEnding;
}

/** The ending of an item that left an exit code of its own. */
function byExit(task: TaskEnding, code: number, cancelled: boolean): TaskEnding {
  const signal = code > 128 && code < 128 + 65 ? code - 128 : null;
  const own = stateFromExit(code, signal);
  if (cancelled && own.state === 'failed') return { ...task, state: 'cancelled', reason: undefined, exitCode: code };
  return { ...task, state: own.state, reason: own.reason, exitCode: code };
}

/** The endings of the `count` items of one task whose first item is at payload position `first`. */
export function itemEndings(task: TaskEnding, count: number, first: number, facts: ItemFacts): ItemResult[] {
  const codes = facts.outcomes ? undefined : parseItemCodes(facts.statusText);
  return Array.from({ length: count }, (_, j): ItemResult => {
    if (facts.outcomes) {
      const outcome = facts.outcomes[j];
      if (!outcome) return { task, item: { ok: false } };
      // The runner exits 1 when any item threw: the task's code is the failing item's.
      return { task: byExit(task, outcome.ok ? 0 : (task.exitCode || 1), false), item: outcome };
    }
    const code = codes!.get(first + j);
    if (code === undefined) return { task, item: { ok: task.state === 'completed', value: undefined } };
    return { task: byExit(task, code, facts.cancelled), item: { ok: code === 0, value: undefined } };
  });
}
