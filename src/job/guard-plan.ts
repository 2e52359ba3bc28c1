/**
 * The job side of a `guarded` back-end (src/schedulers/backend.ts, DependencyCapability): which
 * dependencies the job script's guard checks (those whose status file hpcq knows: Jobs of this
 * process), and the same dependencies submitted as `afterany`, so the scheduler releases the job
 * after any end and the guard decides.
 */
import { normalizeDepends, type DependencyIds, type DependencyRef } from '../core/dependencies.js';
import type { DependencyGuard } from './dependency-guard.js';

/** A dependency whose status file hpcq wrote (a Job with files). */
function statusFileOf(ref: DependencyRef): string | undefined {
  if (typeof ref !== 'object' || !('files' in ref)) return undefined;
  const status = (ref as { files?: { status?: string } }).files?.status;
  return status ? status : undefined;
}

/** The guard for a job's `depends` option (status files of its afterok / afternotok Jobs). */
export function guardFor(depends: unknown): DependencyGuard {
  const spec = normalizeDepends(depends);
  const files = (refs: DependencyRef[]): string[] => refs.map(statusFileOf).filter((f): f is string => f !== undefined);
  return { afterok: files(spec.afterok), afternotok: files(spec.afternotok) };
}

/** The planned ids with every guarded dependency moved to `afterany`. */
export function guardedIds(ids: DependencyIds, depends: unknown): DependencyIds {
  const spec = normalizeDepends(depends);
  const guarded = new Set(
    [...spec.afterok, ...spec.afternotok].filter((r) => statusFileOf(r) !== undefined).map((r) => (r as { id?: string }).id).filter((id): id is string => !!id),
  );
  if (guarded.size === 0) return ids;
  const keep = (list: string[] | undefined): string[] => (list ?? []).filter((id) => !guarded.has(id));
  const moved = [...(ids.afterok ?? []), ...(ids.afternotok ?? [])].filter((id) => guarded.has(id));
  const out: DependencyIds = {};
  const afterany = [...new Set([...(ids.afterany ?? []), ...moved])];
  if (keep(ids.afterok).length) out.afterok = keep(ids.afterok);
  if (afterany.length) out.afterany = afterany;
  if (keep(ids.afternotok).length) out.afternotok = keep(ids.afternotok);
  return out;
}
