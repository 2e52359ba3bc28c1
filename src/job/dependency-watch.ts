/**
 * What a job knows of its dependencies, before submitting and while it waits.
 * While a grid job waits, hpcq also watches its dependencies: when one ends so that the job can
 * never run (afterok on a failure, afternotok on a success), the job is cancelled at once and ends
 * as cancelled / dependency_never_satisfied. Slurm does this itself with --kill-on-invalid-dep;
 * Torque (and Slurm without it) would leave the job pending forever.
 */
import { HpcqError } from '../errors.js';
import type { DependencyKind } from '../schedulers/backend.js';
import type { JobState, Qtype, WaitOptions } from '../types.js';
import { STATE_RANK } from '../core/states.js';
import type { FinalRecord } from './live-state.js';
import { createLogger } from '../util/log.js';
import { dependencyId, planDepends, satisfies, type DependencyRef, type DependencySpec, type DependencyView } from '../core/dependencies.js';
import type { Scheduler as Tracker } from '../schedulers/scheduler.js';

const log = createLogger('job');

/** The parts of a Job that dependency handling reads (kept structural to avoid an import cycle). */
export interface JobView {
  readonly id?: string;
  readonly name: string;
  readonly qtype: Qtype;
  readonly state: JobState;
  wait(opts?: WaitOptions): Promise<unknown>;
}

function isJob(ref: DependencyRef): ref is JobView {
  return typeof ref === 'object' && typeof (ref as Partial<JobView>).wait === 'function' && 'qtype' in ref;
}

/** What is known of one dependency of `self`: its id and the most advanced state seen. */
export function viewDependency(ref: DependencyRef, self: { name: string; qtype: Qtype }, tracker: Tracker): DependencyView {
  if (isJob(ref)) {
    if (ref.qtype !== self.qtype) throw new HpcqError(`depends: job ${ref.name} runs on ${ref.qtype}, job ${self.name} on ${self.qtype}`);
    const latest = ref.id ? tracker.latest(ref.id) : undefined;
    // An unsubmitted Job is 'pending', which settles nothing; planDepends then asks for its id.
    const state = latest && STATE_RANK[latest.state] > STATE_RANK[ref.state] ? latest.state : ref.state;
    return { ...(ref.id ? { id: ref.id } : {}), state };
  }
  const id = typeof ref === 'object' ? ref.id : String(ref);
  const state = id ? tracker.latest(id)?.state : undefined;
  return { ...(id ? { id } : {}), ...(state ? { state } : {}) };
}

/** Dependency ids that are neither Jobs of this process nor followed by the poller (to look up). */
export function unknownDependencyIds(deps: DependencySpec, tracker: Tracker): string[] {
  const refs = [...deps.afterok, ...deps.afterany, ...deps.afternotok].filter((r) => !isJob(r));
  const ids = refs.map((r) => (typeof r === 'object' ? r.id : String(r))).filter((id): id is string => !!id);
  return [...new Set(ids)].filter((id) => !tracker.latest(id));
}

/** Resolve with the first dependency that dooms the job; never resolves otherwise. */
function firstBlocker(deps: DependencySpec, tracker: Tracker, signal: AbortSignal): Promise<string> {
  const finalState = async (ref: DependencyRef): Promise<JobState> => {
    if (isJob(ref)) {
      await ref.wait({ signal });
      return ref.state;
    }
    return (await tracker.waitFor(dependencyId(ref), { signal })).state;
  };
  return new Promise<string>((resolve) => {
    for (const kind of ['afterok', 'afternotok'] as DependencyKind[]) {
      for (const ref of deps[kind]) {
        finalState(ref).then(
          (state) => {
            if (satisfies(kind, state) === false) resolve(typeof ref === 'object' ? (ref.id ?? 'job') : String(ref));
          },
          () => {}, // aborted, or the dependency could not be followed: the scheduler still decides
        );
      }
    }
  });
}

// A final record, or the synthetic end of a job cancelled because a dependency doomed it.
export type { FinalRecord } from './live-state.js';

/** Wait for grid job `id` of `self`, or for a dependency that dooms it (then cancel it). */
export async function waitWithDependencies(
  self: { name: string; qtype: Qtype },
  id: string,
  deps: DependencySpec,
  tracker: Tracker,
  opts: WaitOptions,
): Promise<FinalRecord> {
  const own = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, own.signal]) : own.signal;
  try {
    const first = await Promise.race([
      tracker.waitFor(id, { ...opts, signal }).then((rec) => ({ rec })),
      firstBlocker(deps, tracker, signal).then((blocker) => ({ blocker })),
    ]);
    if ('rec' in first) {
      // Slurm cancels a doomed job itself (kill-on-invalid-dep) but may not say why.
      const doomed = first.rec.state === 'cancelled' && !first.rec.reason && planDepends(deps, (ref) => viewDependency(ref, self, tracker)).never;
      return doomed ? { ...first.rec, reason: 'dependency_never_satisfied' } : first.rec;
    }
    log.info(`job ${self.name} [${id}] can never run: dependency ${first.blocker} ended the wrong way; cancelling it`);
    await tracker.cancel([id]).catch((err: Error) => log.warn(`could not cancel ${id}: ${err.message}`));
    return { state: 'cancelled', reason: 'dependency_never_satisfied', exitCode: null };
  } finally {
    own.abort();
  }
}
