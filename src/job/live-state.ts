/**
 * The live state of a job or of one array task: its state, reason and exit code, taken from the
 * scheduler's tracker (the shared poller or the local runner) each time they are read until the
 * state is final. `Job` and `ArrayTask` both read through this, so the rule is written once.
 */
import { canTransition, isFinal } from '../core/states.js';
import { stateFromStatus, type JobStatus } from '../core/status-file.js';
import type { JobRecord, JobState, StateReason } from '../types.js';

/** The facts of a record that a job keeps: state, reason and exit code. */
export type FinalRecord = Pick<JobRecord, 'state' | 'exitCode'> & { reason?: StateReason | undefined };

/** How a taken record reads (a Job that asked for the cancel relabels a kill as cancelled). */
export type Relabel = (rec: FinalRecord) => Pick<FinalRecord, 'state' | 'reason'>;

/** How a record reads for a job whose cancel hpcq asked for (`cancelRequested`): a kill is a cancel. */
export function relabelCancelled(rec: FinalRecord, cancelRequested: boolean): Pick<FinalRecord, 'state' | 'reason'> {
  // Torque reports a job killed by qdel as failed (by signal, or with whatever exit the
  // listing shows first), or as unknown (state C without an exit status) when it had not
  // started yet; hpcq knows who ended it.
  const killed = rec.state === 'failed' || rec.state === 'unknown';
  return cancelRequested && killed ? { state: 'cancelled', reason: undefined } : rec;
}

/** State, reason and exit code, refreshed from the tracker while not final. */
export class LiveState {
  #state: JobState = 'pending';
  #reason: StateReason | undefined;
  #exitCode: number | null = null;

  /**
   * @param peek the tracker's newest record (synchronous, no scheduler call), if it has one
   * @param relabel how a record's state and reason read once taken (default: as they are)
   */
  constructor(
    private readonly peek: () => JobRecord | undefined,
    private readonly relabel: Relabel = (rec) => rec,
  ) {}

  /** The state as last taken, without asking the tracker. */
  get state(): JobState {
    return this.#state;
  }
  get reason(): StateReason | undefined {
    return this.#reason;
  }
  get exitCode(): number | null {
    return this.#exitCode;
  }

  /** Take the tracker's latest record while not final, then return this (for `live.fresh().state`). */
  fresh(): this {
    if (isFinal(this.#state)) return this;
    const rec = this.peek();
    if (rec) this.take(rec);
    return this;
  }

  /** Take a record, unless it would move a final state or move a live one backwards (a requeue may). */
  take(rec: FinalRecord): void {
    if (!canTransition(this.#state, rec.state)) return;
    const { state, reason } = this.relabel(rec);
    this.#state = state;
    this.#reason = reason;
    if (rec.exitCode !== null) this.#exitCode = rec.exitCode;
  }

  /** Set the ending outright: what a status file or a task's ending says once the tracker is done. */
  end(ending: { state: JobState; reason: StateReason | undefined; exitCode?: number | null }): void {
    this.#state = ending.state;
    this.#reason = ending.reason;
    if (ending.exitCode !== undefined) this.#exitCode = ending.exitCode;
  }

  /**
   * Take what the wrapper's status file says once the wait is over: it knows the exit code when
   * the scheduler has forgotten the job, and how a job that ended 'unknown' really ended.
   */
  endFromStatus(status: JobStatus | undefined): void {
    if (this.#exitCode === null && status?.exitCode != null) this.#exitCode = status.exitCode;
    const ending = this.#state === 'unknown' && status ? stateFromStatus(status) : undefined;
    if (ending) this.end({ state: ending.state, reason: ending.reason });
  }
}
