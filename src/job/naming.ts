/**
 * Job names: intuitive (from the command's first word or the function's name), safe for file
 * names, and unique within a file directory. The one place names are derived.
 */
import type { Host } from '../util/host.js';

/** Longest file-name stem hpcq derives; longer names are cut (scheduler job names stay as given). */
const MAX_STEM = 64;
/** Stems reserved by this process and not yet on disk, keyed by `<dir>/<stem>.<suffix>`. */
const reserved = new Set<string>();

/** Replace every character outside [A-Za-z0-9_.-] by '_' and trim leading dots/dashes. */
export function sanitizeName(raw: string): string {
  const safe = raw
    .replace(/[^A-Za-z0-9_.-]+/g, '_')
    .replace(/^[._-]+/, '')
    .replace(/_+$/, '')
    .slice(0, MAX_STEM);
  return safe || 'job';
}

/** First word of a shell command (quotes honoured), skipping `VAR=value` assignments, without its directory. */
function firstWord(command: string): string {
  const words = command.trim().match(/(?:'[^']*'|"(?:\\.|[^"])*"|[^\s'"]+)+/g) ?? [];
  const word = words.find((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) ?? '';
  const unquoted = word.replace(/'([^']*)'|"((?:\\.|[^"])*)"/g, (_, a: string | undefined, b: string | undefined) => a ?? b ?? '');
  return unquoted.split('/').filter(Boolean).pop() ?? '';
}

/**
 * The base name of a job: the given name, else the command's first word (basename, no path),
 * else the function's name; always sanitized for use in file names.
 */
export function baseJobName(task: string | ((...args: never[]) => unknown), given?: string): string {
  if (given !== undefined && given !== '') return sanitizeName(given);
  if (typeof task === 'function') return sanitizeName(task.name || 'func');
  return sanitizeName(firstWord(task));
}

/** True when some file in `names` belongs to a job with this stem and suffix. */
function taken(names: readonly string[], stem: string, suffix: string): boolean {
  const plain = `${stem}.${suffix}`;
  const func = `${stem}_func.${suffix}`;
  return names.some((n) => n === plain || n.startsWith(`${plain}.`) || n === func || n.startsWith(`${func}.`));
}

/**
 * Reserve a unique stem among `names` (the files in `filedir`): `name`, then `name.1`,
 * `name.2`, ... skipping stems that have files there or were reserved by this process.
 */
export function reserveNameIn(names: readonly string[], filedir: string, base: string, suffix: string): string {
  for (let i = 0; ; i++) {
    const stem = i === 0 ? base : `${base}.${i}`;
    const key = `${filedir}/${stem}.${suffix}`;
    if (reserved.has(key) || taken(names, stem, suffix)) continue;
    reserved.add(key);
    return stem;
  }
}

/** `reserveNameIn` over the files a Host lists in `filedir` (for remote directories). */
export async function reserveName(host: Host, filedir: string, base: string, suffix: string): Promise<string> {
  return reserveNameIn(await host.list(filedir), filedir, base, suffix);
}

/** Forget a reservation (after the job's files were removed, or nothing was written). */
export function releaseName(filedir: string, stem: string, suffix: string): void {
  reserved.delete(`${filedir}/${stem}.${suffix}`);
}
