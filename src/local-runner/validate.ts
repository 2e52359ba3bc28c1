/** Checks of add()'s input: refused at once, with a message saying what is allowed. */
import { HpcqError } from '../errors.js';
import type { Logger } from '../util/log.js';
import type { JobExtras } from './job.js';
import type { LocalTask, LocalTaskOptions } from './types.js';

/** Throw HpcqError unless `task` is a non-empty command, an argv of strings, or a function. */
export function checkTask(task: LocalTask): void {
  if (typeof task === 'function') return;
  if (typeof task === 'string') {
    if (!task.trim()) throw new HpcqError('Cannot run an empty command');
    return;
  }
  const argv = (task as { argv?: unknown } | null)?.argv;
  if (!Array.isArray(argv) || argv.length === 0 || !argv.every((a) => typeof a === 'string')) {
    throw new HpcqError('A local task must be a command string, { argv: string[] } (non-empty) or a function');
  }
}

/** Cores of a job: a positive integer, trimmed to what the runner has (warning once per size). */
export function normalizeCores(cores: number | undefined, available: number, warned: Set<number>, log: Logger): number {
  if (cores === undefined) return 1;
  if (!Number.isInteger(cores) || cores < 1) throw new HpcqError(`cores must be a positive integer, got ${cores}`);
  if (cores > available) {
    if (!warned.has(cores)) warned.add(cores);
    else return available;
    log.warn(`a job asks for ${cores} cores but this runner has ${available}: running it on ${available}`);
    return available;
  }
  return cores;
}

/** Time limit in seconds (0 for none); must be a positive number. */
export function normalizeTime(time: number | undefined): number {
  if (time === undefined || time === null) return 0;
  if (typeof time !== 'number' || !Number.isFinite(time) || time <= 0) {
    throw new HpcqError(`time must be a positive number of seconds, got ${String(time)}`);
  }
  return time;
}

/** The rarely used options, kept only when one is given (memory of queued jobs). */
export function extrasOf(opts: LocalTaskOptions): JobExtras | undefined {
  const { cwd, env, stdout, stderr } = opts;
  if (cwd === undefined && env === undefined && stdout === undefined && stderr === undefined) return undefined;
  const extras: JobExtras = {};
  if (cwd !== undefined) extras.cwd = cwd;
  if (env !== undefined) extras.env = env;
  if (stdout !== undefined) extras.stdout = stdout;
  if (stderr !== undefined) extras.stderr = stderr;
  return extras;
}
