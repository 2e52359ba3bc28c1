/**
 * The one place scheduler commands run. Every submit, poll, cancel, dependency lookup, liveness
 * check, queue listing and detection probe goes through a CommandRunner, which
 * - applies the back-end's command directory (command-paths.ts),
 * - removes every scheduler's job variables from the environment (a job submitted from inside a
 *   job must not inherit SLURM_*, PBS_*, ...),
 * - bounds each call with a timeout,
 * - retries transient failures with exponential backoff and jitter, for a number of attempts or
 *   until a deadline (`retryUntil`, the outage deadline), and
 * - maps what is left to SubmitError / QueueError / CommandError (ParseError for unreadable output).
 * Back-ends stay pure: they build the argv and parse the text.
 */
import { CommandError, HpcqError, ParseError, QueueError, RemoteError, SubmitError } from '../errors.js';
import type { Host, RunResult } from '../util/host.js';
import { createLogger } from '../util/log.js';
import type { BatchBackend } from './backend.js';
import { commandDir, withCommandDir } from './command-paths.js';
import { isTransient } from './messages.js';

const log = createLogger('queue');

/** Which error a failed command becomes. */
export type CommandKind = 'submit' | 'queue' | 'command';

/** How one command is run. */
export interface CommandOptions {
  /** What the failure becomes (default 'command': CommandError). */
  kind?: CommandKind;
  /** First line of the error message (default: "<argv[0]> failed"); a function reads the failed result. */
  what?: string | ((result: RunResult) => string);
  cwd?: string;
  /** Per-call timeout (default 60 s). */
  timeoutMs?: number;
  /** Tries for a transient failure (default 4; 1: no retry). */
  attempts?: number;
  /** Keep retrying transient failures until this time (ms since the epoch), however many tries that takes. */
  retryUntil?: number;
  /** A failed result that is still an answer ("no such job", an empty listing). */
  accept?(result: RunResult): boolean;
  /**
   * False for a command that must not run twice (a submit): a try that may have reached the
   * scheduler (it timed out, or the SSH connection dropped while it ran) is then not retried,
   * since the job may exist already. Default true.
   */
  repeatable?: boolean;
}

/** A command's outcome when the caller decides what a failure means (the poller counts them). */
export interface Attempt {
  result: RunResult;
  ok: boolean;
  transient: boolean;
  /** The try may have reached the scheduler before it failed (timeout, connection lost mid-run). */
  uncertain: boolean;
}

/** The per-call timeout's own message (util/host.ts and remote/ssh-host.ts append it to stderr). */
const TIMED_OUT = /timed out after \d+ ms/i;

/** Clock and randomness, replaceable in tests (fake timers). */
export interface RunnerClock {
  sleep(ms: number): Promise<void>;
  now(): number;
  random(): number;
}

const SYSTEM_CLOCK: RunnerClock = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
  random: () => Math.random(),
};

/** Pause before retry `n` (1-based): 1 s, 2 s, 4 s, ... up to 30 s, each ±25 % so clients do not retry in step. */
export function backoffMs(n: number, random: () => number): number {
  const base = Math.min(30_000, 1000 * 2 ** (n - 1));
  return Math.round(base * (0.75 + 0.5 * random()));
}

/** Runs one back-end's commands on one host. */
export interface CommandRunner {
  readonly host: Host;
  /** Run, retrying transient failures; resolves with an accepted result, else throws (see file comment). */
  run(argv: string[], opts?: CommandOptions): Promise<RunResult>;
  /** Run once (with the same env, timeout and directory), never throwing: the caller judges the result. */
  attempt(argv: string[], opts?: Omit<CommandOptions, 'attempts' | 'retryUntil'>): Promise<Attempt>;
  /** Run a parser over a result's stdout; a failure becomes ParseError (or SubmitError for a submit). */
  parse<T>(result: RunResult, parser: (text: string) => T, opts?: { kind?: CommandKind; what?: string }): T;
}

/** Variables of any scheduler's job (every back-end's `env.prefixes`). */
export function schedulerEnvPattern(backends: ReadonlyArray<Pick<BatchBackend, 'env'>>): RegExp {
  const escape = (p: string): string => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const prefixes = [...new Set(backends.flatMap((b) => b.env.prefixes))].map(escape);
  const keep = [...new Set(backends.flatMap((b) => b.env.keep ?? []))].map(escape);
  return new RegExp(`^${keep.length ? `(?!(${keep.join('|')})$)` : ''}(${prefixes.join('|')})`);
}

function failure(kind: CommandKind, what: string, result: RunResult, transient: boolean, cause?: unknown): CommandError {
  // qsub (Torque's and Slurm's wrapper) reports refusals on stdout.
  const said = result.stderr.trim() ? result.stderr : result.stdout;
  const details = { ...result, stderr: said, transient, ...(cause !== undefined ? { cause } : {}) };
  if (kind === 'submit') return new SubmitError(what, details);
  if (kind === 'queue') return new QueueError(what, details);
  return new CommandError(what, details);
}

/** A runner for `backend`'s commands on `host`. `strip` is the env pattern to remove (see schedulerEnvPattern). */
export function createCommandRunner(backend: BatchBackend, host: Host, strip: RegExp, clock: RunnerClock = SYSTEM_CLOCK): CommandRunner {
  const once = async (argv: string[], opts: CommandOptions): Promise<Attempt> => {
    const full = withCommandDir(argv, backend, commandDir(backend, host));
    let result: RunResult;
    // A dropped or refused SSH connection says itself whether it may pass (RemoteError.transient).
    let dropped = false;
    let lostMidRun = false;
    try {
      result = await host.run(full, { stripEnv: strip, timeoutMs: opts.timeoutMs ?? 60_000, ...(opts.cwd ? { cwd: opts.cwd } : {}) });
    } catch (err) {
      // The command could not start (missing binary, lost SSH connection): report it as a result.
      result = { command: full, exitCode: 127, stdout: '', stderr: (err as Error).message };
      dropped = err instanceof RemoteError && err.transient;
      lostMidRun = dropped && /lost while running/.test((err as Error).message);
    }
    const ok = result.exitCode === 0 || (opts.accept?.(result) ?? false);
    const transient = !ok && (dropped || isTransient(backend, result.stderr));
    return { result, ok, transient, uncertain: !ok && (lostMidRun || TIMED_OUT.test(result.stderr)) };
  };
  return {
    host,
    attempt: (argv, opts = {}) => once(argv, opts),
    async run(argv, opts = {}) {
      const attempts = opts.attempts ?? 4;
      for (let n = 1; ; n++) {
        const { result, ok, transient, uncertain } = await once(argv, opts);
        if (ok) return result;
        const more = opts.retryUntil !== undefined ? clock.now() < opts.retryUntil : n < attempts;
        const safe = opts.repeatable !== false || !uncertain;
        if (!transient || !more || !safe) {
          const what = typeof opts.what === 'function' ? opts.what(result) : (opts.what ?? `${argv[0]} failed`);
          throw failure(opts.kind ?? 'command', what, result, transient);
        }
        const pause = opts.retryUntil !== undefined ? Math.min(backoffMs(n, clock.random), Math.max(0, opts.retryUntil - clock.now())) : backoffMs(n, clock.random);
        log.info(`${argv[0]} failed transiently (${result.stderr.trim().split('\n')[0]}); retrying in ${pause} ms`);
        await clock.sleep(pause);
      }
    },
    parse(result, parser, opts = {}) {
      try {
        return parser(result.stdout);
      } catch (err) {
        const what = opts.what ?? `Could not read the output of ${result.command.join(' ')}`;
        if (opts.kind === 'submit') throw failure('submit', what, result, false, err);
        if (err instanceof ParseError) throw err;
        throw new HpcqError(`${what}: ${(err as Error).message}`, { cause: err });
      }
    },
  };
}
