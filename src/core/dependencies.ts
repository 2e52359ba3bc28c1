/**
 * Dependencies, written once and used by the options, Job and the local runner: the kinds, what
 * `depends` accepts (Job objects, ids, `'afterok:1:2,afterany:3'` strings, a list, or
 * `{ afterok, afterany, afternotok }`), and what a dependency's known state means:
 * - it can no longer be satisfied (afterok on a job that did not complete, afternotok on one that
 *   did): the dependent is not submitted and ends at once as cancelled / dependency_never_satisfied;
 * - it is already satisfied: it is dropped from the directive, because a finished job may have
 *   aged out of the scheduler, which would refuse the id;
 * - otherwise (not ended yet, or not known) its id goes into the directive.
 * A job that ended `unknown` did not complete as far as anyone can tell, so it counts as not
 * completed (hpcq never assumes success): afterok on it can never hold, afternotok holds.
 */
import { describeValue, HpcqError } from '../errors.js';
import type { HasJobId, JobState } from '../types.js';
import { isFinal } from './states.js';

/** Dependency kinds hpcq supports on every back-end. */
export type DependencyKind = 'afterok' | 'afterany' | 'afternotok';
/** Every kind, in the order directives list them. */
export const DEPENDENCY_KINDS: readonly DependencyKind[] = ['afterok', 'afterany', 'afternotok'];

/** Scheduler ids grouped by kind (already resolved from Job objects). */
export type DependencyIds = Partial<Record<DependencyKind, string[]>>;

/** One dependency as given: a Job (anything with an id), or an id. */
export type DependencyRef = HasJobId | string | number;

/** Dependencies grouped by kind, in the order given. */
export type DependencySpec = Record<DependencyKind, DependencyRef[]>;

function isKind(word: string): word is DependencyKind {
  return (DEPENDENCY_KINDS as readonly string[]).includes(word);
}

/** A plain `{ afterok: ... }` object, as opposed to a Job (or other object with an id). */
function isKindMap(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x) && Object.getPrototypeOf(x) === Object.prototype && !('id' in x) && !('name' in x);
}

// A job id names one job: no separators, spaces or control characters (they would reach argv).
const JOB_ID = /^[^\s\0-\x1f\x7f,:]+$/;

function isRef(x: unknown): x is DependencyRef {
  if (typeof x === 'string') return JOB_ID.test(x);
  if (typeof x === 'number') return Number.isSafeInteger(x) && x >= 0;
  if (!x || typeof x !== 'object' || Array.isArray(x) || isKindMap(x) || !('id' in x || 'name' in x)) return false;
  // A Job not yet submitted has no id (submit() then says so); any other id must be a job id.
  const id: unknown = (x as { id?: unknown }).id;
  return id === undefined || (typeof id === 'string' && JOB_ID.test(id)) || (typeof id === 'number' && Number.isSafeInteger(id));
}

function refused(where: string, item: unknown): HpcqError {
  return new HpcqError(`depends${where}: expected Job objects or job ids, got ${describeValue(item)}`);
}

/** Something that stands for several jobs (a JobArray): the ids a dependent waits for. */
export interface DependencyGroup {
  dependencyRefs(): DependencyRef[];
}

function isGroup(x: unknown): x is DependencyGroup {
  return !!x && typeof x === 'object' && typeof (x as Partial<DependencyGroup>).dependencyRefs === 'function';
}

/** Add `value` (a ref, a list, or a `1,2` / `afterok:1:2,afterany:3` string) under `kind`. */
function addRefs(spec: DependencySpec, kind: DependencyKind, value: unknown, where: string): void {
  const list: unknown[] = Array.isArray(value) ? value : [value];
  // An index loop, not for-of over entries: a sparse array's holes must be refused, not skipped.
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (typeof item === 'string') {
      for (const part of item.split(/[,\s]+/).filter(Boolean)) {
        const [head, ...ids] = part.split(':');
        const target = ids.length === 0 ? kind : isKind(head!) ? head : undefined;
        if (target === undefined) throw new HpcqError(`depends${where}: unknown dependency kind ${describeValue(head)} in ${describeValue(item)} (use ${DEPENDENCY_KINDS.join(', ')})`);
        for (const id of ids.length === 0 ? [head!] : ids.filter(Boolean)) {
          if (!isRef(id)) throw refused(where, id);
          spec[target].push(id);
        }
      }
    } else if (isGroup(item)) {
      // A whole job array: every task must end as the kind says.
      spec[kind].push(...item.dependencyRefs());
    } else if (isRef(item)) {
      spec[kind].push(item);
    } else {
      throw refused(where, item);
    }
  }
}

/** Normalise what a user passed as `depends` (undefined → none); HpcqError for anything else. */
export function normalizeDepends(raw: unknown): DependencySpec {
  const spec: DependencySpec = { afterok: [], afterany: [], afternotok: [] };
  if (raw === undefined || raw === null) return spec;
  if (!isKindMap(raw)) {
    addRefs(spec, 'afterok', raw, '');
    return spec;
  }
  for (const [key, value] of Object.entries(raw)) {
    if (!isKind(key)) throw new HpcqError(`depends: unknown dependency kind ${describeValue(key)} (use ${DEPENDENCY_KINDS.join(', ')})`);
    if (value !== undefined) addRefs(spec, key, value, `.${key}`);
  }
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

/** Whether `state` settles dependency `kind`: satisfied (true), never (false), or not yet (undefined). See the file comment for `unknown`. */
export function satisfies(kind: DependencyKind, state: JobState | undefined): boolean | undefined {
  if (state === undefined || !isFinal(state)) return undefined;
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
  for (const kind of DEPENDENCY_KINDS) {
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
  return DEPENDENCY_KINDS.some((k) => spec[k].length > 0);
}
