/**
 * Finding every process of a local job, wherever it went. A job's processes share its process
 * group only until one of them moves: the job wrapper runs its command in a group of its own
 * (`set -m`), and `setsid` or a daemon leaves both. What they all keep is the environment, so
 * every command job starts with `HPCQ_LOCAL_TAG=<process tag>/<scope>/<n>` (the scope is the
 * launcher that started it, or `S` for jobs spawned from Node), and /proc tells which live
 * processes carry it. The scan reads every process's environ, so it runs when a job is
 * cancelled or ended abnormally, and when the owner goes, not after every job.
 * (A process that clears its environment on purpose escapes, as it would on a cluster without cgroups.)
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

/** Name of the variable that marks a local job's processes. */
export const TAG_VAR = 'HPCQ_LOCAL_TAG';

/** This process's tag: the prefix of every job tag it hands out (the pid alone could be reused). */
export const PROCESS_TAG = `${process.pid}.${randomBytes(4).toString('hex')}`;

/** The prefix of every tag this process hands out. */
export const ALL_JOBS = `${PROCESS_TAG}/`;

let counter = 0;
let scopes = 0;

/** A new tag prefix for the jobs of one launcher (its cleanup must not reach other runners' jobs). */
export function newScope(): string {
  return `${ALL_JOBS}L${++scopes}/`;
}

/** The prefix of the tags of jobs spawned from Node (see watchdog.ts). */
export const SPAWN_SCOPE = `${ALL_JOBS}S/`;

/** A new job tag in `scope` (default: jobs spawned from Node), unique to this process. */
export function newJobTag(scope = SPAWN_SCOPE): string {
  return `${scope}${++counter}`;
}

/** The session id of `pid` (field 6 of /proc/<pid>/stat), or undefined when it is gone. */
function sessionOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[3]);
  } catch {
    return undefined;
  }
}

const KEY = Buffer.from(`${TAG_VAR}=`);

/** The tag in one environ block (NUL-separated K=V entries), or undefined. */
function tagIn(env: Buffer): string | undefined {
  for (let at = env.indexOf(KEY); at >= 0; at = env.indexOf(KEY, at + 1)) {
    if (at > 0 && env[at - 1] !== 0) continue;
    const end = env.indexOf(0, at);
    return env.subarray(at + KEY.length, end < 0 ? env.length : end).toString();
  }
  return undefined;
}

// One scan serves every call in the same turn of the event loop (a cancel of many jobs).
let scan: Map<number, string> | undefined;

/** Every live tagged process (pid → tag); processes of other users (unreadable) are skipped. */
function tagged(): Map<number, string> {
  if (scan) return scan;
  const found = new Map<number, string>();
  let names: string[] = [];
  try {
    if (process.platform === 'linux') names = readdirSync('/proc');
  } catch {
    names = [];
  }
  for (const name of names) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const tag = tagIn(readFileSync(`/proc/${name}/environ`));
      if (tag !== undefined) found.set(Number(name), tag);
    } catch {
      // Gone meanwhile, or another user's.
    }
  }
  scan = found;
  setImmediate(() => (scan = undefined));
  return found;
}

/** Live processes tagged `tag` exactly or, when `tag` ends with '/', with any tag under it. */
export function taggedPids(tag: string): number[] {
  const prefix = tag.endsWith('/');
  return [...tagged()].filter(([, t]) => (prefix ? t.startsWith(tag) : t === tag)).map(([pid]) => pid);
}

/**
 * Signal every live process tagged `tag` (see taggedPids). With `outsideSession`, processes of
 * that session are left out: those the job's own group signal and its wrapper already reach, so
 * they do not get the signal twice. Returns how many were signalled.
 */
export function killTagged(tag: string, signal: NodeJS.Signals, outsideSession?: number): number {
  let n = 0;
  for (const pid of taggedPids(tag)) {
    if (outsideSession !== undefined && sessionOf(pid) === outsideSession) continue;
    try {
      process.kill(pid, signal);
      n++;
    } catch {
      // Ended meanwhile.
    }
  }
  return n;
}
