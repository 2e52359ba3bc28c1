/**
 * A one-off look at dependency ids this process does not follow. Slurm accepts a dependency on
 * a job id it has never heard of (and then ignores it), so hpcq asks first: an id no source knows
 * is refused with a SubmitError quoting the scheduler's answer, before anything is submitted.
 * The sources are the scheduler, then the filedir's ledger: a recorded job of the same qtype
 * whose status file shows its end has that end as its state, whoever submitted it (another
 * process's local job, a job the scheduler's history no longer holds).
 */
import { parseStatusFile } from '../core/status-file.js';
import { SubmitError } from '../errors.js';
import { findById } from '../ledger/store.js';
import { settledFromStatus } from '../ledger/settled.js';
import type { Scheduler } from '../schedulers/scheduler.js';
import type { JobState, Qtype } from '../types.js';
import type { Host } from '../util/host.js';

/** Where the ledger that may also know the ids lives. */
export interface LedgerPlace {
  host: Host;
  filedir: string;
}

/** The end a job recorded in the ledger wrote to its status file, or undefined. */
async function recordedEnd(scheduler: Scheduler, place: LedgerPlace, id: string): Promise<JobState | undefined> {
  const record = await findById(place.host, place.filedir, id, scheduler.qtype as Qtype);
  if (!record?.files.status) return undefined;
  const text = await place.host.readFile(record.files.status);
  return settledFromStatus(text === undefined ? undefined : parseStatusFile(text))?.state;
}

/** The states of `ids` as the scheduler (then the ledger at `place`) reports them; throws SubmitError for ids nobody knows. */
export async function lookupDependencies(scheduler: Scheduler, ids: string[], place?: LedgerPlace): Promise<Map<string, JobState>> {
  if (ids.length === 0) return new Map();
  const { states, said } = await scheduler.status(ids);
  if (place) {
    for (const id of ids.filter((i) => !states.has(i))) {
      const end = await recordedEnd(scheduler, place, id);
      if (end) states.set(id, end);
    }
  }
  const missing = ids.filter((id) => !states.has(id));
  if (missing.length) {
    const title = scheduler.title.charAt(0).toUpperCase() + scheduler.title.slice(1);
    throw new SubmitError(`Unknown dependency: ${title} does not know job ${missing.join(', ')}; nothing was submitted`, {
      ...said,
      stderr: said.stderr.trim() ? said.stderr : `no job ${missing.join(', ')} in the output of ${said.command.join(' ')}`,
    });
  }
  return states;
}
