/**
 * hpcq's error hierarchy. Every failure carries what was run and what came back;
 * validation errors carry every problem at once.
 */

const DESCRIBE_MAX = 80;

/**
 * A short, printable description of any value for an error message. It never throws: every
 * message that quotes a user's value goes through it, and building an error must not fail
 * on a cyclic object, a BigInt, a Symbol, a null-prototype object or a hostile Proxy.
 */
export function describeValue(value: unknown, max = DESCRIBE_MAX): string {
  let text: string;
  try {
    text = describe(value, 0, new Set());
  } catch {
    text = `<${typeof value}>`;
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

// Quoted with control characters escaped, so a newline or NUL in a value stays visible.
const quoteString = (s: string): string => `'${JSON.stringify(s.slice(0, DESCRIBE_MAX + 1)).slice(1, -1).replace(/\\"/g, '"')}'`;

function describe(v: unknown, depth: number, seen: Set<object>): string {
  switch (typeof v) {
    case 'string':
      return quoteString(v);
    case 'number':
      return Object.is(v, -0) ? '-0' : String(v);
    case 'bigint':
      return `${v}n`;
    case 'symbol':
      return v.toString();
    case 'function':
      return `[function ${v.name || '(anonymous)'}]`;
    case 'object':
      return v === null ? 'null' : describeObject(v, depth, seen);
    default:
      return String(v);
  }
}

function describeObject(v: object, depth: number, seen: Set<object>): string {
  if (seen.has(v)) return '[Circular]';
  if (depth > 2) return Array.isArray(v) ? '[…]' : '{…}';
  seen.add(v);
  const inner = (x: unknown): string => describe(x, depth + 1, seen);
  if (Array.isArray(v)) return `[${v.slice(0, 8).map(inner).join(', ')}${v.length > 8 ? ', …' : ''}]`;
  const keys = Object.keys(v);
  const body = keys.slice(0, 8).map((k) => `${k}: ${inner((v as Record<string, unknown>)[k])}`);
  const proto: unknown = Object.getPrototypeOf(v);
  const ctor = proto === null ? '[null prototype] ' : proto === Object.prototype ? '' : `${(proto as { constructor?: { name?: string } }).constructor?.name ?? 'Object'} `;
  return `${ctor}{${body.join(', ')}${keys.length > 8 ? ', …' : ''}}`;
}

/** Base class of every error hpcq throws on purpose. */
export class HpcqError extends Error {
  override name = 'HpcqError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** One problem found while checking options. */
export interface OptionIssue {
  /** Machine-readable code: 'unknown_option', 'invalid_type', 'invalid_value', 'out_of_range', 'conflict', 'unsupported' (not on this scheduler). */
  code: string;
  /** The option as the user wrote it (before synonym resolution). */
  option: string;
  /** Human-readable explanation, including what is allowed. */
  message: string;
  /** Where the value came from (e.g. 'config.ini [prof_big] mem'), if not the call site. */
  source?: string;
  /** Suggested option names for unknown keywords. */
  suggestions?: string[];
}

/** Thrown when options fail validation; `issues` lists every problem. */
export class OptionError extends HpcqError {
  override name = 'OptionError';
  readonly issues: OptionIssue[];
  /** `note` follows the list once (e.g. the valid option names). */
  constructor(issues: OptionIssue[], note?: string) {
    const head = issues.length === 1 ? 'Invalid option' : `${issues.length} invalid options`;
    super(`${head}:\n${issues.map((i) => `  - ${i.source ? `${i.source}: ` : ''}${i.message}`).join('\n')}${note ? `\n${note}` : ''}`);
    this.issues = issues;
  }
}

/** Thrown for config-file and profile problems (missing profile, unreadable file). */
export class ProfileError extends HpcqError {
  override name = 'ProfileError';
}

/** Details of a command that ran (or failed to start). */
export interface CommandDetails {
  command: string[];
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** True when a retry could help (controller busy, socket timeout, connection refused). */
  transient?: boolean;
  cause?: unknown;
}

/** A scheduler or shell command failed. */
export class CommandError extends HpcqError {
  override name = 'CommandError';
  readonly command: string[];
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly transient: boolean;
  constructor(summary: string, details: CommandDetails) {
    const stderr = details.stderr.trim();
    // An answer that no command gave (the local runner's own) has no command line or exit code to show.
    const ran = details.command.length > 0 ? `\n  command: ${details.command.join(' ')}\n  exit code: ${details.exitCode ?? 'none'}` : '';
    super(
      `${summary}${ran}` + (stderr ? `\n  ${ran ? 'stderr: ' : ''}${stderr.split('\n').join(ran ? '\n          ' : '\n  ')}` : ''),
      { cause: details.cause },
    );
    this.command = details.command;
    this.exitCode = details.exitCode;
    this.stdout = details.stdout;
    this.stderr = details.stderr;
    this.transient = details.transient ?? false;
  }
}

/** The scheduler refused (or could not take) a submission. */
export class SubmitError extends CommandError {
  override name = 'SubmitError';
}

/** Reading the queue failed past the retry threshold. */
export class QueueError extends CommandError {
  override name = 'QueueError';
}

/** Scheduler output could not be parsed; `text` holds what was read. */
export class ParseError extends HpcqError {
  override name = 'ParseError';
  readonly text: string;
  constructor(message: string, text: string) {
    super(`${message}\n--- text ---\n${text.length > 2000 ? `${text.slice(0, 2000)}…` : text}`);
    this.text = text;
  }
}

/** Error details of a function that threw on the compute node. */
export interface RemoteErrorInfo {
  name: string;
  message: string;
  stack?: string;
}

/** A job ended in a state other than completed, or its function threw. */
export class JobFailedError extends HpcqError {
  override name = 'JobFailedError';
  readonly jobId: string | undefined;
  readonly jobName: string;
  readonly state: string;
  readonly reason: string | undefined;
  readonly exitCode: number | null;
  readonly remoteError: RemoteErrorInfo | undefined;
  readonly stderr: string | undefined;
  /** The job's stdout, when it was read. */
  readonly stdout: string | undefined;
  constructor(info: {
    jobId?: string;
    jobName: string;
    state: string;
    reason?: string;
    exitCode: number | null;
    remoteError?: RemoteErrorInfo;
    stderr?: string;
    stdout?: string;
  }) {
    const what = info.remoteError
      ? `threw ${info.remoteError.name}: ${info.remoteError.message}`
      : `ended ${info.state}${info.reason ? ` (${info.reason})` : ''} with exit code ${info.exitCode ?? 'none'}`;
    const tail = info.stderr?.trim() ? `\n  stderr (last lines):\n    ${info.stderr.trim().split('\n').slice(-5).join('\n    ')}` : '';
    const stack = info.remoteError?.stack ? `\n  remote stack:\n    ${info.remoteError.stack.split('\n').join('\n    ')}` : '';
    super(`Job ${info.jobName}${info.jobId ? ` [${info.jobId}]` : ''} ${what}${stack}${tail}`);
    this.jobId = info.jobId;
    this.jobName = info.jobName;
    this.state = info.state;
    this.reason = info.reason;
    this.exitCode = info.exitCode;
    this.remoteError = info.remoteError;
    this.stderr = info.stderr;
    this.stdout = info.stdout;
  }
}

/**
 * SSH connection, authentication or transfer failure. `transient` is true when the connection
 * dropped or could not be opened for a reason that may pass (refused, reset, timed out), and
 * false for what a retry cannot fix (authentication, a refused host key, a bad address).
 */
export class RemoteError extends HpcqError {
  override name = 'RemoteError';
  readonly transient: boolean;
  constructor(message: string, options?: { cause?: unknown; transient?: boolean }) {
    super(message, options);
    this.transient = options?.transient ?? false;
  }
}

/** One item of a `map` that did not complete. */
export interface ArrayFailure {
  /** The item's index in the map. */
  index: number;
  /** Id of the array task that ran it. */
  taskId: string | undefined;
  state: string;
  reason: string | undefined;
  exitCode: number | null;
  /** What the function threw, for function maps. */
  remoteError: RemoteErrorInfo | undefined;
}

/** Items of a `map` failed: every one is listed with why. */
export class ArrayFailedError extends HpcqError {
  override name = 'ArrayFailedError';
  readonly arrayName: string;
  readonly failures: readonly ArrayFailure[];
  constructor(arrayName: string, failures: readonly ArrayFailure[]) {
    const why = (f: ArrayFailure): string =>
      f.remoteError ? `threw ${f.remoteError.name}: ${f.remoteError.message}` : `${f.state}${f.reason ? ` (${f.reason})` : ''}, exit code ${f.exitCode ?? 'none'}`;
    const shown = failures.slice(0, 10).map((f) => `\n  item ${f.index}${f.taskId ? ` [${f.taskId}]` : ''}: ${why(f)}`);
    const more = failures.length > 10 ? `\n  ... and ${failures.length - 10} more` : '';
    super(`Array ${arrayName}: ${failures.length} item(s) failed: ${failures.map((f) => f.index).slice(0, 20).join(', ')}${shown.join('')}${more}`);
    this.arrayName = arrayName;
    this.failures = failures;
  }
}
