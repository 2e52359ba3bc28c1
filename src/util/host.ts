/**
 * The one abstraction through which hpcq runs scheduler commands and touches job files.
 * `createLocalHost()` uses execa and node:fs; the remote module provides an SSH/SFTP host.
 * Scheduler back-ends only build argv arrays and parse text; they never know which host runs them.
 */

/** What a finished command returned. `run` never throws for a non-zero exit. */
import { CommandError, describeValue } from '../errors.js';

export interface RunResult {
  command: string[];
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Working directory for the command. */
  cwd?: string;
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** Environment variable names matching this are removed before the command runs. */
  stripEnv?: RegExp;
  /** Text given on standard input. */
  input?: string;
  /** Kill the command after this many milliseconds (exit code 124, stderr says so). */
  timeoutMs?: number;
}

/** File facts needed by hpcq (existence, size, modification time). */
export interface FileStat {
  size: number;
  mtimeMs: number;
}

/** A machine that runs commands and holds job files: this one, or a login node over SSH. */
export interface Host {
  /** 'localhost' or 'user@host:port'. */
  readonly name: string;
  readonly remote: boolean;
  /** Run argv (no shell). Rejects with CommandError only when the command cannot be started at all. */
  run(argv: string[], opts?: RunOptions): Promise<RunResult>;
  /** Write a file atomically (temp file + rename), creating parent directories. */
  writeFile(path: string, data: string | Uint8Array, opts?: { mode?: number }): Promise<void>;
  /** Read a file as UTF-8, or undefined when it does not exist. */
  readFile(path: string): Promise<string | undefined>;
  /**
   * Bytes of a file from `offset` on (at most `maxBytes`), or undefined when it does not exist.
   * Following a job's output reads only what was appended since the last look.
   */
  readFrom(path: string, offset: number, maxBytes: number): Promise<Uint8Array | undefined>;
  /** Stat a file, or undefined when it does not exist. */
  stat(path: string): Promise<FileStat | undefined>;
  /** Remove a file; missing files are not an error. */
  remove(path: string): Promise<void>;
  /** List the names in a directory ([] when missing). */
  list(dir: string): Promise<string[]>;
  /** Whether an executable is on PATH. */
  which(command: string): Promise<boolean>;
  /** Release connections. */
  close(): Promise<void>;
}

/**
 * Refuse an argv that holds a NUL byte: no program can receive one (execa throws a TypeError,
 * a remote shell cuts the word short), so the command would not be the one asked for.
 */
export function refuseNulArguments(argv: readonly string[]): void {
  const bad = argv.find((arg) => arg.includes('\0'));
  if (bad === undefined) return;
  throw new CommandError(`Could not run ${argv[0] ?? 'a command'}: the argument ${describeValue(bad)} contains a NUL byte`, {
    command: argv.map((a) => a.replace(/\0/g, '\\0')),
    exitCode: null,
    stdout: '',
    stderr: '',
  });
}
