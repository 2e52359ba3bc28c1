import { cleanDir } from '../../api/index.js';
import type { Qtype } from '../../types.js';
import { flagSet, flagString, type ParsedArgs } from '../args.js';

/** `clean_job_files [DIR] [--suffix S] [--qtype Q] [--dry-run] [--yes]`: deletes only files hpcq wrote. */
export async function cleanCommand(args: ParsedArgs): Promise<number> {
  const dir = args.positionals[0] ?? process.cwd();
  const suffix = flagString(args, 'suffix', 's');
  const qtype = flagString(args, 'qtype') as Qtype | undefined;
  const base = { ...(suffix ? { suffix } : {}), ...(qtype ? { qtype } : {}) };
  const candidates = await cleanDir(dir, { ...base, dryRun: true });
  if (candidates.length === 0) {
    process.stdout.write('No hpcq job files found.\n');
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
