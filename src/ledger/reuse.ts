/**
 * `submit(task, { reuse: true })`: before submitting, look the submission key up in the
 * filedir's ledger and re-attach to the latest earlier submission when it still stands:
 * - it completed (status file: exit 0), or it is queued or running on a batch scheduler;
 * - it is not re-attached when it failed or was cancelled, when its record never got an id and
 *   the job's files cannot tell it (recover.ts), when it was a local job that had not ended (local
 *   jobs end with the process that ran them), or when one of its dependencies was submitted
 *   afresh by this process (a rerun parent means its dependents run again; nothing else does).
 */
import type { DependencySpec } from '../core/dependencies.js';
import { CommandError, SubmitError } from '../errors.js';
import type { FinalRecord } from '../job/dependency-watch.js';
import type { JobSpec } from '../job/spec.js';
import { isBatchQtype } from '../schedulers/registry.js';
import { isFinal, type JobState } from '../types.js';
import type { Host } from '../util/host.js';
import { createLogger } from '../util/log.js';
import { submissionKey } from './key.js';
import type { LedgerRecord } from './record.js';
import { recoverRecord } from './recover.js';
import { recordedStatus, settledFromStatus } from './settled.js';
import { findByKey } from './store.js';
import { freshlySubmitted, ledgerDependencies, rememberKey } from './submit-hook.js';
import { unfinishedState } from './unfinished-states.js';

const log = createLogger('ledger');

/** What to do with a submission asked to reuse: re-attach to `record`, or submit (and why). */
export type ReuseDecision =
  | { reuse: true; key: string; record: LedgerRecord & { id: string }; settled?: FinalRecord }
  | { reuse: false; key: string; why: string };

/**
 * The scheduler's view of a batch job that has not written its end yet (undefined: unknown to
 * it). A scheduler that cannot answer stops the submission: taking its silence for "unknown"
 * would submit a second copy of a job that may still run, into the same files.
 */
async function schedulerState(host: Host, record: LedgerRecord & { id: string }): Promise<JobState | undefined> {
  if (!isBatchQtype(record.qtype)) return undefined;
  try {
    return await unfinishedState(host, record);
  } catch (err) {
    if (!(err instanceof CommandError)) throw err;
    const { command, exitCode, stdout, stderr, transient } = err;
    throw new SubmitError(`Could not tell whether job ${record.id} (${record.name}) of an earlier run is still queued or running, so it was neither re-attached nor submitted again`, { command, exitCode, stdout, stderr, transient, cause: err });
  }
}

async function judge(host: Host, key: string, latest: LedgerRecord): Promise<ReuseDecision> {
  const { record } = await recoverRecord(host, latest);
  if (record.phase !== 'submitted' || record.id === undefined) return { reuse: false, key, why: 'its earlier submission was interrupted before the scheduler gave an id' };
  const rec = record as LedgerRecord & { id: string };
  const status = await recordedStatus(host, rec);
  const end = settledFromStatus(status);
  if (end?.state === 'completed') return { reuse: true, key, record: rec, settled: end };
  if (end) return { reuse: false, key, why: `job ${rec.id} failed earlier (exit ${end.exitCode ?? '?'})` };
  const state = await schedulerState(host, rec);
  if (state === undefined) return { reuse: false, key, why: `job ${rec.id} ${rec.qtype === 'local' ? 'ended with the process that ran it' : 'is unknown to the scheduler'} without writing its end` };
  if (state === 'completed') return { reuse: true, key, record: rec, settled: { state, exitCode: status?.exitCode ?? 0 } };
  if (isFinal(state)) return { reuse: false, key, why: `job ${rec.id} ended ${state}` };
  return { reuse: true, key, record: rec };
}

/** Decide whether a job about to be submitted can re-attach to an earlier identical submission. */
export async function decideReuse(spec: JobSpec, host: Host, depends: DependencySpec): Promise<ReuseDecision> {
  const deps = await ledgerDependencies(depends, host, spec.filedir);
  const key = submissionKey(spec, host, deps);
  const refs = Object.values(depends).flat();
  const rerun = refs.find((r) => typeof r === 'object' && freshlySubmitted(r));
  if (rerun) return { reuse: false, key, why: `its dependency ${(rerun as { id?: string }).id ?? ''} was submitted again` };
  const earlier = await findByKey(host, spec.filedir, key);
  const latest = earlier.at(-1);
  if (!latest) return { reuse: false, key, why: 'no earlier identical submission is recorded' };
  const decision = await judge(host, key, latest);
  log.info(decision.reuse ? `job ${spec.name}: re-attaching to job ${decision.record.id} (${decision.settled?.state ?? 'still queued or running'})` : `job ${spec.name}: submitting, because ${decision.why}`);
  return decision;
}

/** Remember a re-attached job's key, so its dependents' keys match the earlier run's. */
export function rememberReused(job: object, host: Host, decision: ReuseDecision & { reuse: true }): void {
  rememberKey(job, host, decision.record.id, decision.key, { reused: true });
}
