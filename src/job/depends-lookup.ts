/**
 * A one-off look at dependency ids this process does not follow. Slurm accepts a dependency on
 * a job id it has never heard of (and then ignores it), so hpcq asks first: an id no source knows
 * is refused with a SubmitError quoting the scheduler's answer, before anything is submitted.
 */
import { SubmitError } from '../errors.js';
import type { Scheduler } from '../schedulers/scheduler.js';
import type { JobState } from '../types.js';

/** The states of `ids` as the scheduler reports them; throws SubmitError for ids nobody knows. */
export async function lookupDependencies(scheduler: Scheduler, ids: string[]): Promise<Map<string, JobState>> {
  if (ids.length === 0) return new Map();
  const { states, said } = await scheduler.status(ids);
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
