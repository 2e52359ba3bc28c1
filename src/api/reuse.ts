/**
 * `submit(task, { reuse: true })`: the decision comes from the ledger (src/ledger/reuse.ts);
 * this module turns a "re-attach" into a full Job over the earlier submission's files, so its
 * state, stdout, stderr and a function's result read exactly as they would have in the first run.
 */
import { hostFor } from '../job/context.js';
import { normalizeDepends } from '../job/depends.js';
import type { Job } from '../job/job.js';
import { releaseName } from '../job/naming.js';
import type { JobSpec } from '../job/spec.js';
import { decideReuse, rememberReused } from '../ledger/reuse.js';
import { jobFromRecord } from './from-record.js';

/** The earlier submission as a Job, when `spec` asks to reuse and one stands; else undefined (submit it). */
export async function reuseEarlier<R>(spec: JobSpec): Promise<Job<R> | undefined> {
  if (spec.options.reuse !== true || spec.external) return undefined;
  const host = await hostFor(spec.options.remote);
  const decision = await decideReuse(spec, host, normalizeDepends(spec.options.depends));
  if (!decision.reuse) return undefined;
  // The name reserved for a new submission is not needed: the job keeps its earlier files.
  releaseName(spec.filedir, spec.stem, spec.suffix);
  const job = jobFromRecord<R>(spec, decision.record, host, decision.settled);
  rememberReused(job, host, decision);
  return job;
}
