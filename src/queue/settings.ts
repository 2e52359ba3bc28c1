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

/**
 * How long a wait rides out a scheduler that does not answer, in milliseconds (`[queue]
 * outage_deadline` seconds, HPCQ_OUTAGE_DEADLINE; default one hour). Controllers restart and
 * networks drop; a workflow of hours must not fail on the first minutes of that.
 */
export function outageDeadlineMs(): number {
  return read('HPCQ_OUTAGE_DEADLINE', 'outage_deadline', 3600) * 1000;
}

/**
 * Timeout of one poll command, in milliseconds (`[queue] poll_timeout` seconds,
 * HPCQ_POLL_TIMEOUT; default 20). squeue against an unreachable controller gives up by itself
 * after its own connect retries (9 s measured here against a closed port, 18 s reported against a
 * stopped slurmctld); a hung SSH channel or NFS stall would otherwise hold a cycle for a minute.
 */
export function pollTimeoutMs(): number {
  return read('HPCQ_POLL_TIMEOUT', 'poll_timeout', 20) * 1000;
}
