/**
 * `clean_job_files` and `hpcq clean`: delete the job files hpcq wrote in a directory, with the
 * seed's flags (`-d DIR`, `-s SUFFIX`, `-q QTYPE`, `-n` no confirm, `-v` verbosity).
 */
import { cleanDir, keptNote } from '../../api/index.js';
import type { KeptJobs } from '../../api/index.js';
import { HELP_FLAG, schedulerTarget, SCHEDULER_FLAGS, stringFlag } from '../flags.js';
import { UsageError, type FlagTable, type ParsedLine } from '../parse.js';

/** The flags of clean_job_files and `hpcq clean`. */
export const CLEAN_FLAGS: FlagTable = {
  dir: { type: 'string', short: 'd', value: 'DIR', help: 'Directory to clean (default: the working directory; a positional DIR also works).' },
  suffix: { type: 'string', short: 's', value: 'SUFFIX', help: "Only job files with this suffix (default: [jobs] suffix, else 'cluster')." },
  qtype: { ...SCHEDULER_FLAGS.qtype!, help: 'Only files of jobs written for this scheduler.' },
  'no-confirm': { type: 'boolean', short: 'n', aliases: ['yes'], help: 'Delete without asking (the seed\'s -n; --yes is the same).' },
  'dry-run': { type: 'boolean', help: 'List the files that would be deleted; delete nothing.' },
  verbose: { type: 'boolean', short: 'v', multiple: true, help: 'Print each file deleted; -v also logs at info level, -vv at debug.' },
  remote: { ...SCHEDULER_FLAGS.remote!, help: 'Clean DIR on this host over SSH (ssh://user@host:port or ssh://alias); DIR is an absolute path there.' },
  'identity-file': SCHEDULER_FLAGS['identity-file']!,
  'known-hosts': SCHEDULER_FLAGS['known-hosts']!,
  ...HELP_FLAG,
};

/** One-line usage, for errors. */
export const CLEAN_USAGE = 'Usage: clean_job_files [-d DIR] [-s SUFFIX] [-q QTYPE] [-n] [--dry-run] [-v] [--remote URL]';

function targetDir(line: ParsedLine, remote: boolean): string {
  const flag = stringFlag(line, 'dir');
  if (line.positionals.length > 1) throw new UsageError(`give one directory, not ${line.positionals.length}\n${CLEAN_USAGE}`);
  const positional = line.positionals[0];
  if (flag && positional && flag !== positional) throw new UsageError(`two directories given (-d ${flag} and ${positional}); give one\n${CLEAN_USAGE}`);
  const dir = flag ?? positional;
  // This machine's working directory means nothing on the login node.
  if (remote && !dir?.startsWith('/')) throw new UsageError(`--remote needs the directory to clean there as an absolute path (-d /path)\n${CLEAN_USAGE}`);
  return dir ?? process.cwd();
}

/** Run the clean command over parsed flags; deletes only files hpcq wrote. */
export async function cleanCommand(line: ParsedLine): Promise<number> {
  const { qtype, remote } = schedulerTarget(line);
  const dir = targetDir(line, remote !== undefined);
  const verbosity = Number(line.values.verbose ?? 0);
  // -v turns up hpcq's own logs too, unless the user chose a level.
  if (verbosity > 0 && !process.env.HPCQ_LOG) process.env.HPCQ_LOG = verbosity > 1 ? 'debug' : 'info';
  const suffix = stringFlag(line, 'suffix');
  const base = { ...(suffix ? { suffix } : {}), ...(qtype ? { qtype } : {}), ...(remote ? { remote } : {}) };
  // Files of jobs still queued or running are never offered; say so (on stderr, so stdout stays a file list).
  let keptAny = false;
  const onKept = (kept: KeptJobs): void => {
    keptAny = true;
    process.stderr.write(`hpcq: ${keptNote(kept)}\n`);
  };
  const candidates = await cleanDir(dir, { ...base, dryRun: true, onKept });
  if (candidates.length === 0) {
    process.stdout.write(keptAny ? `No hpcq job files to delete in ${dir}.\n` : `No hpcq job files found in ${dir}.\n`);
    return 0;
  }
  if (line.values['dry-run']) {
    process.stdout.write(`${candidates.join('\n')}\n`);
    return 0;
  }
  const noConfirm = line.values['no-confirm'] === true;
  if (!noConfirm && !process.stdin.isTTY) {
    // Nobody can answer the question: deleting anyway would ignore the missing -n.
    process.stderr.write(`${candidates.join('\n')}\nNot deleting ${candidates.length} files without confirmation: stdin is not a terminal; pass -n (--no-confirm) to delete them.\n`);
    return 1;
  }
  const deleted = await cleanDir(dir, { ...base, confirm: !noConfirm });
  if (deleted.length === 0) return 1;
  if (verbosity > 0) process.stdout.write(`${deleted.join('\n')}\n`);
  process.stdout.write(`Deleted ${deleted.length} files in ${dir}.\n`);
  return 0;
}
