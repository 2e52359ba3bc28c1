/** Leveled logging to stderr, controlled by HPCQ_LOG (debug, info, warn, error, silent; default warn). */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

function currentLevel(): number {
  const raw = (process.env.HPCQ_LOG ?? 'warn').toLowerCase() as LogLevel;
  return LEVELS[raw] ?? LEVELS.warn;
}

function emit(level: LogLevel, scope: string, message: string): void {
  if (LEVELS[level] < currentLevel()) return;
  process.stderr.write(`hpcq ${level} [${scope}] ${message}\n`);
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
