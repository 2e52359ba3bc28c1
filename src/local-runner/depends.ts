/**
 * Dependencies between local jobs, with the cluster's meaning (Slurm's --dependency):
 * afterok waits for success, afterany for any end, afternotok for a failure or cancellation.
 */
import { DEPENDENCY_KINDS, normalizeDepends, satisfies } from '../core/dependencies.js';
import { HpcqError } from '../errors.js';
import type { JobState } from '../types.js';
import type { DepKind, LocalJob } from './job.js';
import type { LocalDepends } from './types.js';

/** One dependency edge: the kind and the id of the job waited for. */
export interface DepEdge {
  kind: DepKind;
  id: string;
}

/** The `depends` option as edges, read by the one dependency module (src/core/dependencies.ts). */
export function parseDepends(depends: LocalDepends | undefined): DepEdge[] {
  const spec = normalizeDepends(depends);
  return DEPENDENCY_KINDS.flatMap((kind) =>
    spec[kind].map((ref) => {
      if (typeof ref === 'object') throw new HpcqError(`Dependencies of a local job must be job ids, got an object under ${kind}`);
      return { kind, id: String(ref) };
    }),
  );
}

/** Whether an edge of `kind` lets the dependent go on once its parent ended in `state`. */
export function edgeSatisfied(kind: DepKind, state: JobState): boolean {
  return satisfies(kind, state) === true;
}

/**
 * Register `job` as a dependent of each parent still running or queued. Returns true when a
 * parent that has already ended rules the job out (it must end as dependency_never_satisfied).
 */
export function linkDependencies(job: LocalJob, edges: DepEdge[], parents: LocalJob[]): boolean {
  let doomed = false;
  edges.forEach((edge, i) => {
    const parent = parents[i]!;
    if (parent.final) doomed ||= !edgeSatisfied(edge.kind, parent.state);
    else {
      job.pendingDeps++;
      (parent.dependents ??= []).push(job, edge.kind);
    }
  });
  return doomed;
}

/**
 * Settle the dependents of `parent`, which has just ended: `ready` gets those whose last
 * dependency this was, `never` those that can now never run.
 */
export function releaseDependents(parent: LocalJob, ready: (job: LocalJob) => void, never: (job: LocalJob) => void): void {
  const deps = parent.dependents;
  parent.dependents = undefined;
  for (let i = 0; deps && i < deps.length; i += 2) {
    const child = deps[i] as LocalJob;
    if (child.final) continue;
    if (!edgeSatisfied(deps[i + 1] as DepKind, parent.state)) never(child);
    else if (--child.pendingDeps === 0) ready(child);
  }
}
