/** `--depends` on the command line: `afterok:ID`, `afterany:ID`, `afternotok:ID` and plain ids. */
import { UsageError } from './parse.js';

const KINDS = ['afterok', 'afterany', 'afternotok'] as const;
type Kind = (typeof KINDS)[number];

/**
 * Turn `--depends` values into the `depends` option: a list of ids (all must succeed) when no
 * kind is named, else lists per kind (plain ids count as afterok). Each value may hold several
 * entries separated by commas, and a kind several ids separated by ':' (Slurm's form:
 * `afterany:12:13`).
 */
export function dependsFromFlag(values: string[]): string[] | Partial<Record<Kind, string[]>> {
  const byKind: Record<Kind, string[]> = { afterok: [], afterany: [], afternotok: [] };
  let named = false;
  for (const entry of values.flatMap((v) => v.split(',')).map((e) => e.trim()).filter(Boolean)) {
    const parts = entry.split(':');
    const kind = parts.length > 1 ? parts[0]! : 'afterok';
    if (!(KINDS as readonly string[]).includes(kind)) {
      throw new UsageError(`--depends: unknown dependency kind '${kind}' in '${entry}'; use ${KINDS.map((k) => `${k}:ID`).join(', ')} or a plain job id`);
    }
    named ||= parts.length > 1;
    const ids = parts.length > 1 ? parts.slice(1) : parts;
    if (ids.some((id) => id === '')) throw new UsageError(`--depends: '${entry}' has an empty job id`);
    byKind[kind as Kind].push(...ids);
  }
  if (!named) return byKind.afterok;
  return Object.fromEntries(KINDS.filter((k) => byKind[k].length > 0).map((k) => [k, byKind[k]]));
}
