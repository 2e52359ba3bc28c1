/**
 * The key handed to the scheduler: a `# hpcq-key: <key>` line in the job's submission script,
 * just below the manifest line. The scheduler keeps the script it was given (Slurm stores it,
 * the local runner runs the file), and the script sits beside the job's outputs, so the key can
 * be found again from the job's files when the ledger record of a submission was never
 * completed. It is a comment, so it changes nothing the job does.
 */
import { MANIFEST_PREFIX } from '../job/files.js';
import type { Host } from '../util/host.js';
import { FILE_MODE } from '../util/atomic-write.js';

/** Prefix of the key line in a submission script. */
export const KEY_PREFIX = '# hpcq-key: ';

/** The script's text with the key line below the manifest (or below the shebang if none); an old key line is replaced. */
export function withKeyMarker(text: string, key: string): string {
  const lines = text.split('\n').filter((l) => !l.startsWith(KEY_PREFIX));
  const manifest = lines.findIndex((l) => l.replace(/^#\s*/, '').startsWith(MANIFEST_PREFIX));
  const at = manifest >= 0 ? manifest + 1 : lines[0]?.startsWith('#!') ? 1 : 0;
  lines.splice(at, 0, `${KEY_PREFIX}${key}`);
  return lines.join('\n');
}

/** The key marked in a script's text, if any. */
export function parseKeyMarker(text: string): string | undefined {
  const line = text.split('\n', 64).find((l) => l.startsWith(KEY_PREFIX));
  const key = line?.slice(KEY_PREFIX.length).trim();
  return key && /^[0-9a-f]{16,}$/.test(key) ? key : undefined;
}

/** Mark the submission script at `path` with `key` (atomic rewrite); false when the script is missing. */
export async function markScript(host: Host, path: string, key: string): Promise<boolean> {
  const text = await host.readFile(path);
  if (text === undefined) return false;
  await host.writeFile(path, withKeyMarker(text, key), { mode: FILE_MODE });
  return true;
}
