/**
 * Leveled logging to stderr, controlled by HPCQ_LOG (debug, info, warn, error, silent; default
 * warn). Every line carries a timestamp; on a terminal the time is short and the level coloured
 * (picocolors, which also honours NO_COLOR and FORCE_COLOR), elsewhere it is full ISO time.
 */
import pc from 'picocolors';
import type { JobState, StateReason } from '../types.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };
const COLOURS = { debug: 'dim', info: 'cyan', warn: 'yellow', error: 'red' } as const;

function currentLevel(): number {
  const raw = (process.env.HPCQ_LOG ?? 'warn').toLowerCase() as LogLevel;
  return LEVELS[raw] ?? LEVELS.warn;
}

/** One log line: `<time> hpcq <level> [<scope>] <message>`, coloured on a terminal. */
export function formatLogLine(level: Exclude<LogLevel, 'silent'>, scope: string, message: string, opts: { tty: boolean; colour?: boolean; now?: Date }): string {
  const now = opts.now ?? new Date();
  if (!opts.tty) return `${now.toISOString()} hpcq ${level} [${scope}] ${message}\n`;
  const c = pc.createColors(opts.colour ?? pc.isColorSupported);
  return `${c.dim(now.toTimeString().slice(0, 8))} hpcq ${c[COLOURS[level]](level)} [${scope}] ${message}\n`;
}

function emit(level: Exclude<LogLevel, 'silent'>, scope: string, message: string): void {
  if (LEVELS[level] < currentLevel()) return;
  process.stderr.write(formatLogLine(level, scope, message, { tty: process.stderr.isTTY === true }));
}

/** A logger bound to a scope name (e.g. 'queue', 'local-runner'). */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  enabled(level: LogLevel): boolean;
}

/** Create a logger for one module. */
export function createLogger(scope: string): Logger {
  return {
    debug: (m) => emit('debug', scope, m),
    info: (m) => emit('info', scope, m),
    warn: (m) => emit('warn', scope, m),
    error: (m) => emit('error', scope, m),
    enabled: (level) => LEVELS[level] >= currentLevel(),
  };
}

/** The info line for a job moving to another state (the poller and the local runner both say it the same way). */
export function logStateChange(log: Logger, job: string, from: JobState | undefined, to: JobState, reason?: StateReason | string): void {
  if (from === to) return;
  log.info(`job ${job}: ${from ?? 'submitted'} -> ${to}${reason ? ` (${reason})` : ''}`);
}
