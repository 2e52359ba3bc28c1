/** What a `Poller` polls (one back-end on one host) and how it is tuned. */
import type { BatchBackend } from '../schedulers/backend.js';
import type { CommandRunner } from '../schedulers/command-runner.js';
import type { Host } from '../util/host.js';
import type { ResolveLimits } from './resolve.js';
import { outageDeadlineMs, pollTimeoutMs } from './settings.js';

/** Tuning of a poller; the defaults suit real clusters. */
export interface PollerOptions {
  /**
   * Consecutive failed queue commands that no retry can fix (command missing, unreadable
   * output) before waiters are rejected with QueueError (default 5). Transient failures (the
   * scheduler down or unreachable) are ridden out up to the outage deadline instead.
   */
  maxFailures?: number;
  /** Default outage deadline of waits, in ms (default: `[queue] outage_deadline`, one hour). */
  outageDeadlineMs?: number;
  /** Timeout of each poll command, in ms (default: `[queue] poll_timeout`, 20 s). */
  pollTimeoutMs?: number;
  /** How long a just-submitted job may be invisible to every source (default 15 s). */
  submitGraceMs?: number;
  /** How long to wait for a status file once the scheduler forgot a job (default 20 s). */
  statusGraceMs?: number;
}

/** What a poller polls: one back-end on one host, through its command runner. */
export interface PollerSource {
  /** The back-end's registry name (`slurm`): log lines name the scheduler by its qtype, as the local runner's say `local`. */
  readonly name: string;
  /** For messages ('Slurm'). */
  readonly title: string;
  readonly host: Host;
  readonly runner: CommandRunner;
  /** Whose jobs the listing names (undefined: every user's). */
  readonly user: string | undefined;
  /** The back-end's variant for this host (found once, see BatchBackend.specialize). */
  backend(): Promise<BatchBackend>;
}

/** The resolver's limits under these options; an unset poll timeout is read from the config on every pass. */
export function resolveLimits(opts: PollerOptions): ResolveLimits {
  const pollTimeout = opts.pollTimeoutMs;
  return {
    submitGraceMs: opts.submitGraceMs ?? 15_000,
    statusGraceMs: opts.statusGraceMs ?? 20_000,
    historyGraceMs: 15_000,
    maxIdFilter: 100,
    pollTimeoutMs: () => pollTimeout ?? pollTimeoutMs(),
  };
}

/** The default outage deadline of waits (ms) under these options; unset, it is read from the config on every use. */
export function defaultOutageDeadline(opts: PollerOptions): () => number {
  return opts.outageDeadlineMs !== undefined ? () => opts.outageDeadlineMs! : () => outageDeadlineMs();
}
