/**
 * Queue settings from the config file (`[queue] queue_update`, `[queue] max_jobs`), read
 * through getOption on every use so a changed config takes effect without a restart.
 * Environment variables win over the config: HPCQ_QUEUE_UPDATE (seconds) and HPCQ_MAX_JOBS.
 */
import { getOption } from '../profiles/index.js';
import { createLogger } from '../util/log.js';

const log = createLogger('queue');

function positive(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** An environment override, else the config's value (its own default when unset), else `dflt`. */
function read(env: string, key: string, dflt: number): number {
  const fromEnv = positive(process.env[env]);
  if (fromEnv !== undefined) return fromEnv;
  try {
    return positive(getOption('queue', key)) ?? dflt;
  } catch (err) {
    // A broken config must not stop a wait: say so once per read and use the default.
    log.warn(`[queue] ${key} not read from the config: ${(err as Error).message}`);
    return dflt;
  }
}

/** Longest pause between two polls, in milliseconds (`[queue] queue_update` seconds). */
export function queueUpdateMs(): number {
  return read('HPCQ_QUEUE_UPDATE', 'queue_update', 2) * 1000;
}

/** Most jobs a user may have queued or running before submission waits (`[queue] max_jobs`). */
export function maxJobs(): number {
  return Math.floor(read('HPCQ_MAX_JOBS', 'max_jobs', 1000));
}
