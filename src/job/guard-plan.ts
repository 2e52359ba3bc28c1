/**
 * The job side of a `guarded` back-end (src/schedulers/backend.ts, DependencyCapability): which
 * dependencies the job script's guard checks (those whose status file hpcq knows: Jobs of this
 * process), and the same dependencies submitted as `afterany`, so the scheduler releases the job
 * after any end and the guard decides.
 */
import { normalizeDepends, type DependencyIds, type DependencyRef } from '../core/dependencies.js';
import type { DependencyGuard } from './dependency-guard.js';

/**
 * The status files that decide dependency `ref` of `kind`: a Job's one file, or every task's of
 * a job array (its ref carries `statusFiles`, see JobArray.dependencyRefs). An array's
 * afternotok ("some task failed") is not what the guard checks per file, so it stays unguarded.
 */
function statusFilesOf(ref: DependencyRef, kind: 'afterok' | 'afternotok'): string[] | undefined {
  if (typeof ref !== 'object') return undefined;
  const tasks = (ref as { statusFiles?: readonly string[] }).statusFiles;
  if (tasks) return kind === 'afterok' && tasks.length ? [...tasks] : undefined;
  if (!('files' in ref)) return undefined;
  const status = (ref as { files?: { status?: string } }).files?.status;
  return status ? [status] : undefined;
}

/** The guard for a job's `depends` option (status files of its afterok / afternotok Jobs and arrays). */
export function guardFor(depends: unknown): DependencyGuard {
  const spec = normalizeDepends(depends);
  const files = (refs: DependencyRef[], kind: 'afterok' | 'afternotok'): string[] => refs.flatMap((r) => statusFilesOf(r, kind) ?? []);
  return { afterok: files(spec.afterok, 'afterok'), afternotok: files(spec.afternotok, 'afternotok') };
}

/** The planned ids with every guarded dependency moved to `afterany`. */
export function guardedIds(ids: DependencyIds, depends: unknown): DependencyIds {
  const spec = normalizeDepends(depends);
  const guarded = new Set(
    [...spec.afterok.filter((r) => statusFilesOf(r, 'afterok')), ...spec.afternotok.filter((r) => statusFilesOf(r, 'afternotok'))]
      .map((r) => (r as { id?: string }).id)
      .filter((id): id is string => !!id),
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
