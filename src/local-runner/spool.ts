/**
 * The machine's local spool: what lets one hpcq process see the local jobs of another, as a
 * cluster's controller lets any shell see any job. It lives under the user's state dir
 * (`$XDG_STATE_HOME/hpcq/local-ids`, else `~/.local/state/hpcq/local-ids`):
 * - ids: each process claims a block of BLOCK ids by renaming a directory holding its owner
 *   file into place (rename onto a non-empty directory fails, so two processes never share a
 *   block): the first process gets 1-1000, the next 1001-2000, and so on. Ids are never reused,
 *   since ledgers and status files name them;
 * - entries: one small file per job in its block (name, status file, output files), rewritten
 *   with its end when the job ends;
 * - views: another process's job reads as its status file says; a job whose owner process has
 *   gone without its end written ended with that process (failed, `vanished`);
 * - cancel requests: `<block>/<id>.cancel`, left by `hpcq cancel` in another process and acted
 *   on by the owner, which watches its block.
 * Owners name their machine: blocks of another machine (a shared home) are ignored here.
 * Blocks of processes gone for two weeks are pruned (never the highest, so ids never repeat).
 * Every write is best effort: with no usable state dir a process takes the block of its pid
 * (unique among running processes) and its jobs stay private to it.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, watch, writeFileSync } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import { parseStatusFile } from '../core/status-file.js';
import { settledFromStatus } from '../ledger/settled.js';
import type { JobState, StateReason } from '../types.js';
import { writeFileAtomicSync } from '../util/atomic-write.js';
import { createLogger } from '../util/log.js';

const log = createLogger('local-runner');

/** Suffix of a cancel request file (`<block>/<id>.cancel`). */
const CANCEL = '.cancel';

/** Ids per claimed block. */
export const BLOCK = 1000;

/** What the spool keeps of one job. */
export interface SpoolEntry {
  id: string;
  name: string;
  statusFile?: string;
  stdout?: string;
  stderr?: string;
  /** Epoch milliseconds. */
  submitted: number;
  /** How it ended, as its runner saw it (also when no status file tells: cancelled while queued). */
  ended?: { state: JobState; reason?: StateReason; exitCode: number | null };
}

/** Another process's job as this one sees it. */
export interface ForeignJob {
  entry: SpoolEntry;
  state: JobState;
  reason?: StateReason;
  exitCode: number | null;
  startTime?: Date;
  endTime?: Date;
}

/** `$XDG_STATE_HOME/hpcq/local-ids`, else `~/.local/state/hpcq/local-ids`. */
export function spoolDir(): string {
  return join(process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'hpcq', 'local-ids');
}

/** The start time of process `pid` (field 22 of /proc/PID/stat), '' where /proc cannot tell. */
function startOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** Who claimed a block: the owner file's `pid=`, `start=` (from /proc) and `host=` lines. */
interface Owner {
  pid: number;
  start: string;
  host: string;
}

/** The owner file's text for this process. */
function ownerText(): string {
  return `pid=${process.pid}\nstart=${startOf(process.pid) ?? ''}\nhost=${hostname()}\n`;
}

/** The owner of `block`, or undefined when its file is missing or unreadable. */
function ownerOf(block: string): Owner | undefined {
  const text = readText(join(block, 'owner'));
  if (text === undefined) return undefined;
  const v = new Map(text.split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const));
  const pid = Number(v.get('pid'));
  return Number.isInteger(pid) && pid > 0 ? { pid, start: v.get('start') ?? '', host: v.get('host') ?? '' } : undefined;
}

/**
 * Whether a block belongs to this machine. A state dir on a home directory shared by several
 * machines holds their blocks too; another machine's processes cannot be judged from here, so
 * its jobs are neither seen nor pruned.
 */
function onThisMachine(owner: Owner): boolean {
  return owner.host === hostname();
}

/** Whether the owner process still runs (a reused pid has another start time). */
function ownerAlive(owner: Owner): boolean {
  if (owner.pid === process.pid) return true;
  const now = startOf(owner.pid);
  if (now !== undefined) return !owner.start || now === owner.start;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The machine-wide registry of local jobs, as one process uses it. */
export class Spool {
  #next = 0;
  #end = 0;
  #block: string | undefined;
  /** Blocks whose cancel requests this process watches. */
  readonly #watched = new Set<string>();

  constructor(readonly dir: string = spoolDir()) {}

  /** A new machine-wide unique id (claims a block on first use and when one runs out). */
  nextId(): string {
    if (this.#next >= this.#end) {
      const block = this.#claim();
      this.#next = block * BLOCK + 1;
      this.#end = this.#next + BLOCK;
    }
    return String(this.#next++);
  }

  /** Keep `entry` where other processes look for its id (best effort). */
  record(entry: SpoolEntry): void {
    if (!this.#block) return;
    try {
      writeFileAtomicSync(join(this.#block, entry.id), JSON.stringify(entry));
    } catch (err) {
      log.debug(`spool: could not record local job ${entry.id}: ${(err as Error).message}`);
    }
  }

  /** Another process's job `id`, as its status file and its owner's life say; undefined when unknown. */
  lookup(id: string): ForeignJob | undefined {
    const n = Number(id);
    if (!/^\d+$/.test(id) || n < 1) return undefined;
    const block = blockOf(this.dir, id);
    const entry = readJson(join(block, id));
    if (!entry) return undefined;
    const owner = ownerOf(block);
    if (owner && !onThisMachine(owner)) return undefined;
    return view(entry, owner !== undefined && ownerAlive(owner));
  }

  /**
   * Ask the process that owns job `id` to cancel it (a request file in its block, which that
   * process watches). False when no live process of this machine has the job, or it has ended.
   */
  requestCancel(id: string): boolean {
    const seen = this.lookup(id);
    if (!seen || (seen.state !== 'pending' && seen.state !== 'running')) return false;
    try {
      writeFileSync(join(blockOf(this.dir, id), `${id}${CANCEL}`), '', { mode: 0o600 });
      return true;
    } catch {
      return false;
    }
  }

  /** Owner side: call `cancel(id)` for each request another process leaves in one of this process's blocks (watches that never hold the process open). */
  onCancelRequest(cancel: (id: string) => void): void {
    const block = this.#block;
    if (!block || this.#watched.has(block)) return;
    this.#watched.add(block);
    try {
      const watcher = watch(block, (_event, file) => {
        const name = String(file ?? '');
        if (!name.endsWith(CANCEL)) return;
        try {
          rmSync(join(block, name));
        } catch {
          return; // handled already (a second event for the same file)
        }
        cancel(name.slice(0, -CANCEL.length));
      });
      watcher.unref();
    } catch (err) {
      log.debug(`spool: cannot watch ${block} for cancel requests: ${(err as Error).message}`);
    }
  }

  /** The jobs of other processes that still run: pending or running, newest block last. */
  list(): ForeignJob[] {
    const out: ForeignJob[] = [];
    for (const name of safeReaddir(this.dir).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(a) - Number(b))) {
      const block = join(this.dir, name);
      if (block === this.#block) continue;
      const owner = ownerOf(block);
      if (!owner || !onThisMachine(owner) || !ownerAlive(owner)) continue;
      for (const file of safeReaddir(block).filter((f) => /^\d+$/.test(f))) {
        const entry = readJson(join(block, file));
        const seen = entry && view(entry, true);
        if (seen && (seen.state === 'pending' || seen.state === 'running')) out.push(seen);
      }
    }
    return out;
  }

  #claim(): number {
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      const staged = mkdtempSync(join(this.dir, '.claim-'));
      writeFileSync(join(staged, 'owner'), ownerText(), { mode: 0o600 });
      for (let k = firstFree(this.dir); ; k++) {
        try {
          renameSync(staged, join(this.dir, String(k)));
          this.#block = join(this.dir, String(k));
          pruneOld(this.dir, k);
          return k;
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code !== 'ENOTEMPTY' && code !== 'EEXIST') {
            rmSync(staged, { recursive: true, force: true });
            throw err;
          }
        }
      }
    } catch (err) {
      log.warn(`cannot claim local job ids in ${this.dir} (${(err as Error).message}); this process's local jobs are unique and visible only among running processes`);
      this.#block = undefined;
      return process.pid;
    }
  }
}

/** The block directory that holds job `id` (a positive integer). */
function blockOf(dir: string, id: string): string {
  return join(dir, String(Math.floor((Number(id) - 1) / BLOCK)));
}

/** A job of another process, from its entry: its status file decides, else its owner's life. */
function view(entry: SpoolEntry, alive: boolean): ForeignJob {
  if (entry.ended) return { entry, ...entry.ended };
  const text = entry.statusFile ? readText(entry.statusFile) : undefined;
  const status = text === undefined ? undefined : parseStatusFile(text);
  const end = settledFromStatus(status);
  const times = { ...(status?.startTime ? { startTime: status.startTime } : {}), ...(status?.endTime ? { endTime: status.endTime } : {}) };
  if (end) return { entry, state: end.state, ...(end.reason ? { reason: end.reason } : {}), exitCode: end.exitCode, ...times };
  if (alive) return { entry, state: status?.startTime ? 'running' : 'pending', exitCode: null, ...times };
  return { entry, state: 'failed', reason: 'vanished', exitCode: null, ...times };
}

/** Blocks of processes gone this long are removed (their ids are never handed out again). */
export const KEEP_MS = 14 * 24 * 3600 * 1000;
const PRUNE_EVERY_MS = 24 * 3600 * 1000;

/**
 * Remove the blocks of processes that have gone, untouched for KEEP_MS, at most once a day. The
 * highest block (`top`, just claimed) always stays, so the next claim never goes below it.
 */
function pruneOld(dir: string, top: number): void {
  const stamp = join(dir, '.pruned');
  const now = Date.now();
  try {
    if (now - statSync(stamp).mtimeMs < PRUNE_EVERY_MS) return;
  } catch {
    // never pruned yet
  }
  try {
    writeFileSync(stamp, '');
    for (const name of safeReaddir(dir)) {
      if (!/^\d+$/.test(name) || Number(name) >= top) continue;
      const block = join(dir, name);
      const owner = ownerOf(block);
      if (owner && (!onThisMachine(owner) || ownerAlive(owner))) continue;
      if (now - statSync(block).mtimeMs > KEEP_MS) rmSync(block, { recursive: true, force: true });
    }
  } catch (err) {
    log.debug(`spool: pruning ${dir} stopped: ${(err as Error).message}`);
  }
}

/** The first block number not claimed yet (a hint: the rename decides). */
function firstFree(dir: string): number {
  let top = -1;
  for (const name of safeReaddir(dir)) if (/^\d+$/.test(name)) top = Math.max(top, Number(name));
  return top + 1;
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function readJson(path: string): SpoolEntry | undefined {
  const text = readText(path);
  if (text === undefined) return undefined;
  try {
    const e = JSON.parse(text) as SpoolEntry;
    return typeof e.id === 'string' && typeof e.name === 'string' ? e : undefined;
  } catch {
    return undefined;
  }
}
