/**
 * Dependencies between local jobs, with the cluster's meaning (Slurm's --dependency):
 * afterok waits for success, afterany for any end, afternotok for a failure or cancellation.
 */
import { HpcqError } from '../errors.js';
import type { JobState } from '../types.js';
import type { DepKind, LocalJob } from './job.js';
import type { LocalDepends } from './types.js';

const KINDS: ReadonlySet<string> = new Set(['afterok', 'afterany', 'afternotok']);

/** One dependency edge: the kind and the id of the job waited for. */
export interface DepEdge {
  kind: DepKind;
  id: string;
}

/** Split a comma/space separated list, accepting Slurm's `afterok:1:2,afterany:3` form too. */
function parseString(text: string, out: DepEdge[]): void {
  for (const part of text.split(/[,\s]+/)) {
    if (!part) continue;
    const pieces = part.split(':');
    if (pieces.length > 1 && KINDS.has(pieces[0]!)) {
      for (const id of pieces.slice(1)) if (id) out.push({ kind: pieces[0] as DepKind, id });
    } else if (pieces.length > 1) {
      throw new HpcqError(`Unknown dependency kind '${pieces[0]}' in '${text}' (use afterok, afterany or afternotok)`);
    } else {
      out.push({ kind: 'afterok', id: part });
    }
  }
}

/** Normalise the `depends` option into edges; throws HpcqError for malformed input. */
export function parseDepends(depends: LocalDepends | undefined): DepEdge[] {
  const out: DepEdge[] = [];
  if (depends === undefined || depends === null) return out;
  if (typeof depends === 'string') {
    parseString(depends, out);
  } else if (Array.isArray(depends)) {
    for (const d of depends) {
      if (typeof d !== 'string') throw new HpcqError(`Dependencies must be job ids (strings), got ${typeof d}`);
      parseString(d, out);
    }
  } else if (typeof depends === 'object') {
    for (const [kind, ids] of Object.entries(depends)) {
      if (!KINDS.has(kind)) throw new HpcqError(`Unknown dependency kind '${kind}' (use afterok, afterany or afternotok)`);
      if (ids === undefined) continue;
      const list: unknown[] = Array.isArray(ids) ? ids : [ids];
      for (const id of list) {
        if (typeof id !== 'string' && typeof id !== 'number') {
          throw new HpcqError(`Dependency ids must be strings, got ${typeof id} under ${kind}`);
        }
        out.push({ kind: kind as DepKind, id: String(id) });
      }
    }
  } else {
    throw new HpcqError(`Invalid depends option: ${String(depends)}`);
  }
  return out;
}

/**
 * Whether an edge of `kind` is satisfied by a parent that ended in `state`: true when the
 * dependent may go on, false when it can never run.
 */
export function edgeSatisfied(kind: DepKind, state: JobState): boolean {
  if (kind === 'afterany') return true;
  const ok = state === 'completed';
  return kind === 'afterok' ? ok : !ok;
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
