/**
 * The Job-like view of one item of a `map` (`arr.tasks[i]`): its array task's state, reason and
 * exit code (live from the scheduler's tracker until final), then that task's stdout/stderr and
 * the item's own result or error.
 */
import type { RemoteErrorInfo } from '../errors.js';
import { LiveState } from '../job/live-state.js';
import type { JobRecord, JobState, StateReason } from '../types.js';

/** What a finished array task left, shared by the items of its chunk. */
export interface TaskEnding {
  state: JobState;
  reason: StateReason | undefined;
  exitCode: number | null;
  stdout: string | undefined;
  stderr: string | undefined;
}

/** One item's outcome once its task ended. */
export type ItemEnding = { ok: true; value: unknown } | { ok: false; error?: RemoteErrorInfo };

/** One item of a map, as a Job-like view. */
export class ArrayTask<R = unknown> {
  readonly #live = new LiveState(() => this.look().latest);
  #ending: TaskEnding | undefined;
  #item: ItemEnding | undefined;

  /** @internal Made by JobArray. */
  constructor(
    /** The item's index in the map (its index in the first map, for a retry). */
    readonly index: number,
    /** The array task that runs this item (several items share one with `chunk`). */
    readonly taskIndex: number,
    private readonly look: () => { id: string | undefined; latest: JobRecord | undefined },
  ) {}

  /** Scheduler id of the item's array task (`123_4`, `123[4]`), once submitted. */
  get id(): string | undefined {
    return this.look().id;
  }
  get state(): JobState {
    return this.#live.fresh().state;
  }
  get reason(): StateReason | undefined {
    return this.#live.fresh().reason;
  }
  get exitCode(): number | null {
    return this.#live.fresh().exitCode;
  }
  get stdout(): string | undefined {
    return this.#ending?.stdout;
  }
  get stderr(): string | undefined {
    return this.#ending?.stderr;
  }
  /** The item's return value (function maps), once its task ended and the item succeeded. */
  get result(): R | undefined {
    return this.#item?.ok ? (this.#item.value as R) : undefined;
  }
  /** What the function threw for this item, if it did. */
  get error(): RemoteErrorInfo | undefined {
    return this.#item && !this.#item.ok ? this.#item.error : undefined;
  }
  /** Whether the item succeeded; undefined until its task ended. */
  get ok(): boolean | undefined {
    return this.#item?.ok;
  }

  /** @internal The task ended: its final facts and this item's outcome. */
  end(ending: TaskEnding, item: ItemEnding): void {
    this.#ending = ending;
    this.#item = item;
    this.#live.end(ending);
  }
}
