/**
 * `cleanDir`: delete the job files hpcq wrote in a directory, and nothing else. A file counts as
 * hpcq's when its content says so (scripts and runner carry `# hpcq job file`, the status file
 * `# hpcq job status`, payloads an `"hpcq"` key) or when such a marked script names it in its
 * manifest (stdout/stderr). See src/job/files.ts.
 */
import { open, readdir, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { join, resolve } from 'node:path';
import { HpcqError } from '../errors.js';
import { parseManifest, STATUS_MARK } from '../job/files.js';
import { getOption } from '../profiles/index.js';
import type { Qtype } from '../types.js';

/** Options of cleanDir. */
export interface CleanDirOptions {
  /** Only files of jobs with this suffix (default: config `[jobs] suffix`, else 'cluster'). */
  suffix?: string;
  /** Only jobs written for this scheduler. */
  qtype?: Qtype;
  /** Ask on a terminal before deleting (default false); without a terminal, throws and deletes nothing. */
  confirm?: boolean;
  /** List what would be deleted, delete nothing. */
  dryRun?: boolean;
}

/** The first bytes of a file: enough for marks and manifests. */
async function head(path: string, bytes = 8192): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await fh.close();
  }
}

/** Which scheduler a job's manifest belongs to, from its submission script's name. */
function manifestQtype(names: readonly string[], suffix: string): Qtype {
  if (names.some((n) => n.endsWith(`.${suffix}.sbatch`))) return 'slurm';
  if (names.some((n) => n.endsWith(`.${suffix}.qsub`))) return 'torque';
  return 'local';
}

function isPayload(text: string): boolean {
  return /^\{"hpcq":"(input|output)"/.test(text);
}

/** The hpcq files in `dir` for `suffix` (and `qtype`), by content (see the file comment). */
export async function findJobFiles(dir: string, suffix: string, qtype?: Qtype): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const present = new Set(names);
  const found = new Set<string>();
  for (const name of names.filter((n) => n.includes(`.${suffix}`))) {
    let text: string;
    try {
      text = await head(join(dir, name));
    } catch {
      continue; // a directory or unreadable file is not ours
    }
    const manifest = parseManifest(text);
    if (manifest) {
      const group = [name, ...manifest];
      if (qtype && manifestQtype(group, suffix) !== qtype) continue;
      for (const n of group) if (present.has(n) && n.includes(`.${suffix}`)) found.add(n);
    } else if (!qtype && (text.startsWith(`${STATUS_MARK}\n`) || isPayload(text))) {
      found.add(name);
    }
  }
  return [...found].sort().map((n) => join(dir, n));
}

/** Ask on the terminal before deleting `paths`; without a terminal nothing is deleted (no one agreed). */
async function confirmDeletion(paths: string[]): Promise<boolean> {
  if (!process.stdin.isTTY) {
    throw new HpcqError(
      `cleanDir: confirmation was asked for but stdin is not a terminal, so none of the ${paths.length} files was deleted; pass confirm: false to delete without asking`,
    );
  }
  process.stdout.write(`${paths.join('\n')}\n`);
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(`Delete these ${paths.length} files? [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

/** Delete hpcq's job files in `dir` (default: the working directory); returns the paths deleted (or, with dryRun, found). */
export async function cleanDir(dir: string = process.cwd(), opts: CleanDirOptions = {}): Promise<string[]> {
  const configured: unknown = getOption('jobs', 'suffix');
  const suffix = opts.suffix ?? (typeof configured === 'string' && configured ? configured : 'cluster');
  const paths = await findJobFiles(resolve(dir), suffix, opts.qtype);
  if (opts.dryRun || paths.length === 0) return paths;
  if (opts.confirm && !(await confirmDeletion(paths))) return [];
  await Promise.all(paths.map((p) => rm(p, { force: true })));
  return paths;
}
