/**
 * A one-off look at dependency ids this process does not follow. Slurm accepts a dependency on
 * a job id it has never heard of (and then ignores it), so hpcq asks first: an id no source knows
 * is refused with a SubmitError quoting the scheduler's answer, before anything is submitted.
 * The sources are the scheduler, then the filedir's ledger: a recorded job of the same qtype
 * whose status file shows its end has that end as its state, whoever submitted it (another
 * process's local job, a job the scheduler's history no longer holds).
 */
import { SubmitError } from '../errors.js';
import type { LedgerRecord } from '../ledger/record.js';
import { listRecords } from '../ledger/store.js';
import { recordedStatus, settledFromStatus } from '../ledger/settled.js';
import type { Scheduler } from '../schedulers/scheduler.js';
import type { JobState } from '../types.js';
import type { Host } from '../util/host.js';

/** Where the ledger that may also know the ids lives. */
export interface LedgerPlace {
  host: Host;
  filedir: string;
}

/** The ends that jobs recorded in the ledger at `place` wrote to their status files, for those of `ids` that have one. */
async function recordedEnds(scheduler: Scheduler, place: LedgerPlace, ids: string[]): Promise<Map<string, JobState>> {
  const ends = new Map<string, JobState>();
  // The latest record of each id (a resubmission's record comes after the earlier one's).
  const latest = new Map<string, LedgerRecord>();
  for (const r of await listRecords(place.host, place.filedir)) if (r.id !== undefined && r.qtype === scheduler.qtype && ids.includes(r.id)) latest.set(r.id, r);
  for (const [id, record] of latest) {
    const end = settledFromStatus(await recordedStatus(place.host, record));
    if (end) ends.set(id, end.state);
  }
  return ends;
}

/** The states of `ids` as the scheduler (then the ledger at `place`) reports them; throws SubmitError for ids nobody knows. */
export async function lookupDependencies(scheduler: Scheduler, ids: string[], place?: LedgerPlace): Promise<Map<string, JobState>> {
  if (ids.length === 0) return new Map();
  const { states, said } = await scheduler.status(ids);
  const unknown = ids.filter((id) => !states.has(id));
  if (place && unknown.length) for (const [id, end] of await recordedEnds(scheduler, place, unknown)) states.set(id, end);
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
