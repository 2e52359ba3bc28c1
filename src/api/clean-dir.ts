/**
 * `cleanDir`: delete the job files hpcq wrote in a directory, and nothing else. A file counts as
 * hpcq's when its content says so (scripts and runner carry `# hpcq job file`, the status file
 * `# hpcq job status`, payloads an `"hpcq"` key) or when such a marked script names it in its
 * manifest (stdout/stderr). See src/job/files.ts. The files of a job still queued or running are
 * never deleted (a pending Slurm job runs its `.script` only when it starts); see
 * src/api/live-jobs.ts. Everything goes through the job files' Host, so `remote` cleans a
 * filedir on a login node over SFTP with the same rules.
 */
import { createInterface } from 'node:readline/promises';
import { posix, resolve } from 'node:path';
import { HpcqError } from '../errors.js';
import { parseManifest, STATUS_MARK } from '../job/files.js';
import { getOption } from '../profiles/index.js';
import { LOCAL, layoutOf, qtypeOfScript } from '../schedulers/registry.js';
import type { Qtype } from '../types.js';
import type { Host } from '../util/host.js';
import { hostFor } from '../util/host-for.js';
import { createLogger } from '../util/log.js';
import { pruneLedger } from '../ledger/prune.js';
import { findLiveJobs, keptNote, type FoundJob, type KeptJobs } from './live-jobs.js';

const log = createLogger('clean');

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
  /** Told which jobs' files were left alone because the jobs are still queued or running (also with dryRun). */
  onKept?: (kept: KeptJobs) => void;
  /** Clean `dir` on this host over SSH (`ssh://user@host`, an alias, or the object form); `dir` is a path there. */
  remote?: string | object;
}

/** The first bytes of a file: enough for marks and manifests ('' for a directory or a file gone). */
async function head(host: Host, path: string, bytes = 8192): Promise<string> {
  const data = await host.readFrom(path, 0, bytes);
  return data === undefined ? '' : Buffer.from(data).toString('utf8');
}

/** Which scheduler a job's manifest belongs to, from its submission script's name (the registry's layouts). */
function manifestQtype(names: readonly string[], suffix: string): Qtype {
  for (const name of names) {
    const qtype = qtypeOfScript(name, suffix);
    if (qtype !== undefined && qtype !== LOCAL) return qtype;
  }
  return LOCAL;
}

function isPayload(text: string): boolean {
  return /^\{"hpcq":"(input|output)"/.test(text);
}

/** The stem of a job file's name: what comes before `.<suffix>`. */
function stemOf(name: string, suffix: string): string {
  const at = name.indexOf(`.${suffix}`);
  return at > 0 ? name.slice(0, at) : name;
}

/** The jobs whose hpcq files are in `dir` for `suffix` (and `qtype`), by content (see the file comment). */
export async function findJobs(dir: string, suffix: string, qtype?: Qtype, host?: Host): Promise<FoundJob[]> {
  const on = host ?? (await hostFor());
  const join = posix.join;
  let names: string[];
  try {
    names = await on.list(dir);
  } catch {
    return [];
  }
  const present = new Set(names);
  const groups = new Map<string, FoundJob>();
  const lone: Array<{ name: string; status: boolean }> = [];
  for (const name of names.filter((n) => n.includes(`.${suffix}`))) {
    let text: string;
    try {
      text = await head(on, join(dir, name));
    } catch {
      continue; // a directory or unreadable file is not ours
    }
    const manifest = parseManifest(text);
    if (manifest) {
      const group = [...new Set([name, ...manifest])].filter((n) => n.includes(`.${suffix}`)).sort();
      const jobQtype = manifestQtype(group, suffix);
      if (qtype && jobQtype !== qtype) continue;
      const key = group.join('/');
      if (groups.has(key)) continue; // the job's other scripts carry the same manifest
      const script = group.find((n) => n === `${stemOf(n, suffix)}.${suffix}${layoutOf(jobQtype).submitExt}`) ?? name;
      const status = group.find((n) => n.endsWith(`.${suffix}.status`) && present.has(n));
      groups.set(key, {
        name: stemOf(script, suffix),
        qtype: jobQtype,
        named: group.map((n) => join(dir, n)),
        paths: group.filter((n) => present.has(n)).map((n) => join(dir, n)),
        status: status ? join(dir, status) : undefined,
      });
    } else if (!qtype && (text.startsWith(`${STATUS_MARK}\n`) || isPayload(text))) {
      lone.push({ name, status: text.startsWith(`${STATUS_MARK}\n`) });
    }
  }
  const jobs = [...groups.values()];
  const covered = new Set(jobs.flatMap((j) => j.paths));
  // A status or payload file whose scripts are gone is a job of its own (its status may say it runs).
  for (const { name, status } of lone) {
    const path = join(dir, name);
    if (!covered.has(path)) jobs.push({ name: stemOf(name, suffix), qtype: undefined, named: [path], paths: [path], status: status ? path : undefined });
  }
  return jobs;
}

/** The hpcq files in `dir` for `suffix` (and `qtype`), by content (see the file comment). */
export async function findJobFiles(dir: string, suffix: string, qtype?: Qtype): Promise<string[]> {
  const jobs = await findJobs(dir, suffix, qtype);
  return [...new Set(jobs.flatMap((j) => j.paths))].sort();
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

/**
 * Delete hpcq's job files in `dir` (default: the working directory); returns the paths deleted
 * (or, with dryRun, those that would be). The files of jobs still queued or running are left
 * alone and not returned (see src/api/live-jobs.ts for how that is decided, with at most one
 * scheduler command); `onKept` hears about them, and they are logged at info level.
 */
export async function cleanDir(dir: string = process.cwd(), opts: CleanDirOptions = {}): Promise<string[]> {
  const configured: unknown = getOption('jobs', 'suffix');
  const suffix = opts.suffix ?? (typeof configured === 'string' && configured ? configured : 'cluster');
  const host = await hostFor(opts.remote);
  // A remote path is the login node's, never resolved against this machine's working directory.
  const where = host.remote ? dir : resolve(dir);
  const jobs = await findJobs(where, suffix, opts.qtype, host);
  if (jobs.length === 0) return [];
  const live = await findLiveJobs(jobs, host);
  const keep = new Set(live.flatMap((j) => j.paths));
  const paths = [...new Set(jobs.flatMap((j) => j.paths))].filter((p) => !keep.has(p)).sort();
  if (live.length > 0) {
    const kept: KeptJobs = { names: [...new Set(live.map((j) => j.name))].sort(), paths: [...keep].sort() };
    log.info(keptNote(kept));
    opts.onKept?.(kept);
  }
  if (opts.dryRun || paths.length === 0) return paths;
  if (opts.confirm && !(await confirmDeletion(paths))) return [];
  await Promise.all(paths.map((p) => host.remove(p)));
  // The ledger records of the deleted jobs go with them (src/ledger/prune.ts).
  await pruneLedger(host, where);
  return paths;
}
