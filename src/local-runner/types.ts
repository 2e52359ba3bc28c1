/** Public types of the local runner: what can be run, with which options, and what comes back. */
import type { RemoteErrorInfo } from '../errors.js';
import type { JobRecord } from '../types.js';

/**
 * Work the local runner accepts.
 * - a string: a shell command, run with `/bin/bash -c` (shell semantics, 127 for not found);
 * - `{ argv }`: an exact argv, run without a shell;
 * - a function: run in a worker thread; it cannot use variables of its enclosing scope
 *   (pass them through `args`), and its return value must be structured-cloneable.
 *   A throw ends the job failed / 'nonzero_exit' with exit code 1 and `error` set. A worker
 *   that dies (`process.exit(n)` in the function, a crash) ends only that job, failed /
 *   'nonzero_exit' with exit code n (1 when n is 0) and an `error` named WorkerExitError,
 *   as a process calling exit would; the pool replaces the thread.
 */
export type LocalTask = string | { argv: string[] } | ((...args: any[]) => unknown);

/** Dependencies of a local job, in the cluster's terms. A string or array means afterok. */
export type LocalDepends =
  | string
  | string[]
  | { afterok?: string[]; afterany?: string[]; afternotok?: string[] };

/** Options of one local job. */
export interface LocalTaskOptions {
  /** Job name shown in records (default: derived from the task). */
  name?: string;
  /** Cores the job occupies while it runs (default 1); above the runner's cores it is trimmed with a warning. */
  cores?: number;
  /** Time limit in seconds; past it the job is killed and ends failed / 'timeout'. */
  time?: number;
  /** Arguments of a function task. */
  args?: unknown[];
  /** Jobs (ids of this runner) that must end first, see LocalDepends. */
  depends?: LocalDepends;
  /** Working directory of a command. */
  cwd?: string;
  /** Extra environment of a command (added to the runner's environment). */
  env?: Record<string, string>;
  /** File for the command's stdout, truncated at start; when absent stdout is kept in memory (bounded). */
  stdout?: string;
  /** File for the command's stderr, truncated at start; when absent stderr is kept in memory (bounded). */
  stderr?: string;
}

/** A local job's record: the cluster's JobRecord plus what a local run gives back directly. */
export interface LocalJobRecord extends JobRecord {
  /** Return value of a function task. */
  result?: unknown;
  /** What a function task threw (or why its worker died). */
  error?: RemoteErrorInfo;
  /** Captured stdout (when no stdout file was given); the last 1 MiB at most. */
  stdout?: string;
  /** Captured stderr (when no stderr file was given); the last 1 MiB at most. */
  stderr?: string;
}

/** Options of a LocalRunner. */
export interface LocalRunnerOptions {
  /** Cores to schedule (default: os.availableParallelism()). May exceed the machine's. */
  cores?: number;
  /** Caps `cores`; also the maximum number of worker threads for function tasks. */
  threads?: number;
  /** Milliseconds between SIGTERM and SIGKILL when a job is cancelled or times out (default 2000). */
  killGrace?: number;
  /**
   * Milliseconds the oldest ready job may wait while smaller jobs overtake it before cores are
   * reserved for it even though the running jobs' end times are unknown (default 2000).
   */
  reserveAfter?: number;
  /**
   * Where job ids come from (default: 1, 2, 3, ... per runner). The runner behind
   * `qtype: 'local'` takes ids unique on the machine (machine-ids.ts).
   */
  ids?: () => string;
}

/** Counters of a LocalRunner. */
export interface LocalRunnerStats {
  started: number;
  finished: number;
  running: number;
  queued: number;
  usedCores: number;
}

/** How a running job ended, as its executor reports it. */
export interface LocalOutcome {
  exitCode: number | null;
  signal?: number | null;
  launchFailed?: boolean;
  result?: unknown;
  error?: RemoteErrorInfo;
  stdout?: string;
  stderr?: string;
}

/** A started job, as seen by the runner: something it can kill. */
export interface LocalHandle {
  /** Send a signal to the whole job (process group), or end a function's worker. */
  kill(signal: NodeJS.Signals): void;
  /** Process group id of a command job (undefined for functions). */
  readonly pid?: number | undefined;
}
