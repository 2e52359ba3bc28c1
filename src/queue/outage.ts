/**
 * One scheduler outage as a poller sees it: when polls began to fail, what the last failure
 * printed, and who has waited past their deadline. At the default log level it says once that
 * the scheduler stopped answering (and what failed) and once that it answers again (and after
 * how long), instead of a line per failed poll or silence.
 */
import { QueueError } from '../errors.js';
import { createLogger } from '../util/log.js';
import type { CommandFailure } from './resolve.js';

const log = createLogger('queue');

/** `95 s`, `3 min 5 s`, `1 h 2 min`: an outage length for people. */
export function formatSpan(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const min = Math.floor((s % 3600) / 60);
  return `${Math.floor(s / 3600)} h${min ? ` ${min} min` : ''}`;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.slice(0, 300) ?? '';
}

/** What an outage is about: the scheduler's title and the host polled. */
export interface OutageSubject {
  title: string;
  host: string;
}

/** Tracks failed polls of one poller; see the file comment. */
export class OutageWatch {
  private since: number | undefined;
  private last: CommandFailure | undefined;
  /** Consecutive failures no retry can fix (command missing, unreadable output). */
  private permanentRun = 0;

  constructor(
    private readonly subject: OutageSubject,
    /** Permanent failures in a row before every waiter is told (a broken setup, not an outage). */
    private readonly maxPermanent: number,
  ) {}

  /** True while polls fail. */
  get down(): boolean {
    return this.since !== undefined;
  }

  /** A poll failed at `now`; `deadlineMs` is the default deadline, for the message. */
  failed(failure: CommandFailure, now: number, deadlineMs: number): void {
    this.last = failure;
    this.permanentRun = failure.transient ? 0 : this.permanentRun + 1;
    if (this.since !== undefined) return;
    this.since = now;
    const { title, host } = this.subject;
    const said = firstLine(failure.result.stderr) || `exit code ${failure.result.exitCode ?? 'none'}`;
    log.warn(
      // argv[0] only: the id list of a listing can be hundreds of words (the QueueError has it all).
      `${title} on ${host} is not answering: ${failure.result.command[0] ?? 'its command'} failed (${said}); ` +
        `waiting up to ${formatSpan(deadlineMs)} for it ([queue] outage_deadline)`,
    );
  }

  /** A poll worked at `now`: the outage, if any, is over. */
  recovered(now: number): void {
    if (this.since === undefined) return;
    log.warn(`${this.subject.title} on ${this.subject.host} answers again after ${formatSpan(now - this.since)}`);
    this.since = undefined;
    this.last = undefined;
    this.permanentRun = 0;
  }

  /**
   * The error for a waiter whose deadline is `deadlineMs`, if it should give up now: the
   * outage lasted past it, or the failures are not transient and repeated `maxPermanent` times.
   */
  verdict(deadlineMs: number, now: number): QueueError | undefined {
    const last = this.last;
    if (this.since === undefined || !last) return undefined;
    const { title, host } = this.subject;
    if (!last.transient && this.permanentRun >= this.maxPermanent) {
      return new QueueError(`Reading the ${title} queue failed ${this.permanentRun} times in a row`, { ...last.result, transient: false });
    }
    const span = now - this.since;
    if (span < deadlineMs) return undefined;
    return new QueueError(
      `${title} on ${host} did not answer for ${formatSpan(span)}, past the outage deadline of ${formatSpan(deadlineMs)}`,
      { ...last.result, transient: last.transient },
    );
  }

  /** After telling everyone about a broken setup, count afresh (a fixed PATH may work next time). */
  resetPermanent(): void {
    this.permanentRun = 0;
  }
}
