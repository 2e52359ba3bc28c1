import { cleanDir, keptNote } from '../../api/index.js';
import type { KeptJobs } from '../../api/index.js';
import type { Qtype } from '../../types.js';
import { flagSet, flagString, type ParsedArgs } from '../args.js';

/** `clean_job_files [DIR] [--suffix S] [--qtype Q] [--dry-run] [--yes]`: deletes only files hpcq wrote. */
export async function cleanCommand(args: ParsedArgs): Promise<number> {
  const dir = args.positionals[0] ?? process.cwd();
  const suffix = flagString(args, 'suffix', 's');
  const qtype = flagString(args, 'qtype') as Qtype | undefined;
  const base = { ...(suffix ? { suffix } : {}), ...(qtype ? { qtype } : {}) };
  // Files of jobs still queued or running are never offered; say so (on stderr, so stdout stays a file list).
  let keptAny = false;
  const onKept = (kept: KeptJobs): void => {
    keptAny = true;
    process.stderr.write(`hpcq: ${keptNote(kept)}\n`);
  };
  const candidates = await cleanDir(dir, { ...base, dryRun: true, onKept });
  if (candidates.length === 0) {
    process.stdout.write(keptAny ? 'No hpcq job files to delete.\n' : 'No hpcq job files found.\n');
    return 0;
  }
  if (flagSet(args, 'dry-run', 'n')) {
    process.stdout.write(`${candidates.join('\n')}\n`);
    return 0;
  }
  const yes = flagSet(args, 'yes', 'y');
  if (!yes && !process.stdin.isTTY) {
    // Nobody can answer the question: deleting anyway would ignore the missing --yes.
    process.stderr.write(`${candidates.join('\n')}\nNot deleting ${candidates.length} files without confirmation: stdin is not a terminal; pass --yes to delete them.\n`);
    return 1;
  }
  const deleted = await cleanDir(dir, { ...base, confirm: !yes });
  if (deleted.length === 0) return 1;
  process.stdout.write(`Deleted ${deleted.length} files.\n`);
  return 0;
}
