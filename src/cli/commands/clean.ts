import { createInterface } from 'node:readline/promises';
import { cleanDir } from '../../api/index.js';
import type { Qtype } from '../../types.js';
import { flagSet, flagString, type ParsedArgs } from '../args.js';

async function confirmOnTty(paths: string[]): Promise<boolean> {
  if (!process.stdin.isTTY) return true;
  process.stdout.write(`${paths.join('\n')}\n`);
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(`Delete these ${paths.length} files? [y/N] `);
  rl.close();
  return /^y(es)?$/i.test(answer.trim());
}

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
  if (!flagSet(args, 'yes', 'y') && !(await confirmOnTty(candidates))) return 1;
  const deleted = await cleanDir(dir, { ...base, confirm: false });
  process.stdout.write(`Deleted ${deleted.length} files.\n`);
  return 0;
}
