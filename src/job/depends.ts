/**
 * Dependencies: what `depends` accepts (Job objects, ids, a list, or `{ afterok, afterany,
 * afternotok }`) and what to do with each dependency given its known state:
 * - it can no longer be satisfied (afterok on a failed job, afternotok on a completed one):
 *   the dependent is not submitted and ends at once as cancelled / dependency_never_satisfied;
 * - it is already satisfied (the job ended as required): it is dropped from the directive,
 *   because a finished job may have aged out of the scheduler, which would refuse the id;
 * - otherwise its id goes into the directive.
 */
import { HpcqError } from '../errors.js';
import type { DependencyIds, DependencyKind } from '../schedulers/backend.js';
import type { HasJobId, JobState } from '../types.js';
import { isFinal } from '../core/states.js';

/** One dependency as given: a Job (anything with an id), or an id. */
export type DependencyRef = HasJobId | string | number;

/** Dependencies grouped by kind, in the order given. */
export type DependencySpec = Record<DependencyKind, DependencyRef[]>;

const KINDS: readonly DependencyKind[] = ['afterok', 'afterany', 'afternotok'];

function isRef(x: unknown): x is DependencyRef {
  return typeof x === 'string' || typeof x === 'number' || (!!x && typeof x === 'object' && ('id' in x || 'name' in x));
}

function refList(value: unknown, where: string): DependencyRef[] {
  const list = Array.isArray(value) ? value : [value];
  for (const item of list) {
    if (!isRef(item)) throw new HpcqError(`depends${where}: expected Job objects or job ids, got ${JSON.stringify(item) ?? String(item)}`);
  }
  // A comma-separated id string (from a CLI or INI) names several jobs.
  return (list as DependencyRef[]).flatMap((item): DependencyRef[] => (typeof item === 'string' ? item.split(/[,:\s]+/).filter(Boolean) : [item]));
}

/** Normalise what a user passed as `depends` (undefined → no dependencies). */
export function normalizeDepends(raw: unknown): DependencySpec {
  const spec: DependencySpec = { afterok: [], afterany: [], afternotok: [] };
  if (raw === undefined || raw === null) return spec;
  if (typeof raw === 'object' && !Array.isArray(raw) && !isRef(raw)) {
    for (const [key, value] of Object.entries(raw)) {
      if (!KINDS.includes(key as DependencyKind)) {
        throw new HpcqError(`depends: unknown dependency kind '${key}' (use ${KINDS.join(', ')})`);
      }
      if (value !== undefined) spec[key as DependencyKind].push(...refList(value, `.${key}`));
    }
    return spec;
  }
  spec.afterok.push(...refList(raw, ''));
  return spec;
}

/** The scheduler id of a dependency; a Job not yet submitted is an error. */
export function dependencyId(ref: DependencyRef): string {
  if (typeof ref === 'string' || typeof ref === 'number') return String(ref);
  if (ref.id === undefined) {
    const name = (ref as { name?: string }).name;
    throw new HpcqError(`depends: job ${name ?? '(unnamed)'} has not been submitted yet, so nothing can depend on it`);
  }
  return ref.id;
}

/** True when `state` settles dependency `kind` as satisfied (true), never (false), or not yet (undefined). */
export function satisfies(kind: DependencyKind, state: JobState | undefined): boolean | undefined {
  if (state === undefined || !isFinal(state) || state === 'unknown') return undefined;
  if (kind === 'afterany') return true;
  return kind === 'afterok' ? state === 'completed' : state !== 'completed';
}

/** Outcome of looking at dependencies before submitting. */
export type DependencyPlan =
  | { never: false; ids: DependencyIds }
  | { never: true; blocker: string; kind: DependencyKind; state: JobState };

/** What is known of a dependency: its id (once submitted) and state. */
export interface DependencyView {
  id?: string;
  state?: JobState;
}

/**
 * Decide from each dependency's known state what to submit (see file comment). A dependency
 * whose state already settles the question needs no id (a job that never reached the scheduler
 * because its own dependency failed is cancelled and has none).
 */
export function planDepends(spec: DependencySpec, view: (ref: DependencyRef) => DependencyView): DependencyPlan {
  const ids: DependencyIds = {};
  for (const kind of KINDS) {
    for (const ref of spec[kind]) {
      const { id, state } = view(ref);
      const verdict = satisfies(kind, state);
      if (verdict === false) return { never: true, blocker: id ?? nameOf(ref), kind, state: state! };
      if (verdict === true) continue;
      const depId = id ?? dependencyId(ref);
      const list = (ids[kind] ??= []);
      if (!list.includes(depId)) list.push(depId);
    }
  }
  return { never: false, ids };
}

function nameOf(ref: DependencyRef): string {
  return typeof ref === 'object' ? ((ref as { name?: string }).name ?? '(unnamed job)') : String(ref);
}

/** True when a spec names no dependency at all. */
export function hasDepends(spec: DependencySpec): boolean {
  return KINDS.some((k) => spec[k].length > 0);
}
