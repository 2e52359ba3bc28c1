/**
 * The one way hpcq writes a file on this machine: into a temp file beside the target, then
 * renamed over it, so a reader never sees half a file. Filedirs may be shared with other users
 * (a group project directory), so the temp name is unpredictable and opened exclusively
 * (O_CREAT|O_EXCL|O_NOFOLLOW): a symlink planted at any name we might use is refused, never
 * followed. Files are owner-only (0600) and directories created owner-only (0700), whatever the
 * umask, because job files hold env values (tokens), function arguments and results.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, constants, fchmodSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { chmod, mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** Mode of every file hpcq writes. */
export const FILE_MODE = 0o600;
/** Mode of every directory hpcq creates. */
export const DIR_MODE = 0o700;

/*
 * exclusiveFlags, tempName and writeAtomicWith are self-contained (no module bindings, their
 * primitives passed in) because the generated function runner embeds their source text
 * (src/job/func-runner.ts): it runs where hpcq is not installed, and so writes its result by the
 * very same rule, not by a copy of it.
 */

/** open(2) flags for a new temp file from `c` (node:fs constants): create it or fail, and never through a symlink. */
export function exclusiveFlags(c: { O_WRONLY: number; O_CREAT: number; O_EXCL: number; O_NOFOLLOW: number }): number {
  return c.O_WRONLY | c.O_CREAT | c.O_EXCL | c.O_NOFOLLOW;
}

/** open(2) flags for a new temp file on this machine. */
export const EXCLUSIVE_FLAGS = exclusiveFlags(constants);

/** The temp name beside `path` for `random` (hex): `.<name>.<random>.tmp` in the same directory. */
export function tempName(path: string, random: string): string {
  const slash = path.lastIndexOf('/');
  return path.slice(0, slash + 1) + '.' + path.slice(slash + 1) + '.' + random + '.tmp';
}

/** A temp name beside `path` that nobody can guess ahead of time (96 random bits). */
export function tempPath(path: string): string {
  return tempName(path, randomBytes(12).toString('hex'));
}

/** The synchronous calls writeAtomicWith runs on (node:fs's, and a source of 96 random bits as hex). */
export interface AtomicWriteIo {
  openSync(path: string, flags: number, mode: number): number;
  fchmodSync(fd: number, mode: number): void;
  writeSync(fd: number, buffer: Uint8Array, offset: number): number;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  rmSync(path: string, options: { force: boolean }): void;
  /** open(2) flags of the temp file (exclusiveFlags). */
  flags: number;
  randomHex(): string;
}

/**
 * The atomic write rule, synchronous: an unguessable temp name beside `path`, opened exclusively
 * (a planted symlink is refused), chmod'ed through its descriptor (the umask trimmed the mode at
 * creation, and a path could be swapped), written in full, closed, renamed over `path`; on any
 * failure the temp file is removed. The directory must exist.
 */
export function writeAtomicWith(io: AtomicWriteIo, path: string, data: string | Uint8Array, mode: number): void {
  const tmp = tempName(path, io.randomHex());
  const fd = io.openSync(tmp, io.flags, mode);
  try {
    try {
      io.fchmodSync(fd, mode);
      const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      for (let off = 0; off < buf.length; ) off += io.writeSync(fd, buf, off);
    } finally {
      io.closeSync(fd);
    }
    io.renameSync(tmp, path);
  } catch (err) {
    io.rmSync(tmp, { force: true });
    throw err;
  }
}

/** This machine's primitives for writeAtomicWith. */
const NODE_IO: AtomicWriteIo = {
  openSync,
  fchmodSync,
  writeSync: (fd, buffer, offset) => writeSync(fd, buffer, offset),
  closeSync,
  renameSync,
  rmSync,
  flags: EXCLUSIVE_FLAGS,
  randomHex: () => randomBytes(12).toString('hex'),
};

/** The missing ancestors of `dir`, outermost first (a few stat calls, synchronous for both callers). */
function missingDirs(dir: string): string[] {
  const missing: string[] = [];
  for (let d = resolve(dir); statSync(d, { throwIfNoEntry: false }) === undefined; d = dirname(d)) {
    missing.unshift(d);
    if (dirname(d) === d) break;
  }
  return missing;
}

/**
 * mkdir -p where every directory created is 0700. The mode given to mkdir is trimmed by the
 * umask, so each new directory is chmod'ed; directories that already exist are left as they are.
 * One level at a time rather than mkdir's `recursive`, which never settles where mkdir reports
 * ENOENT under a parent that exists (a path under /proc): here that is an error.
 */
export async function makeDirs(dir: string): Promise<void> {
  for (const d of missingDirs(dir)) {
    try {
      await mkdir(d, { mode: DIR_MODE });
    } catch (err) {
      // Made by someone else meanwhile: not ours, leave its mode alone.
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw err;
    }
    await chmod(d, DIR_MODE);
  }
}

/** Synchronous makeDirs. */
export function makeDirsSync(dir: string): void {
  for (const d of missingDirs(dir)) {
    try {
      mkdirSync(d, { mode: DIR_MODE });
    } catch (err) {
      // Made by someone else meanwhile: not ours, leave its mode alone.
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw err;
    }
    chmodSync(d, DIR_MODE);
  }
}

/** Write `data` to `path` atomically; the file ends up with `mode` (default 0600). */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = FILE_MODE): Promise<void> {
  await makeDirs(dirname(path));
  const tmp = tempPath(path);
  const handle = await open(tmp, EXCLUSIVE_FLAGS, mode);
  try {
    try {
      // fchmod on the open handle: the umask trimmed the mode at creation, and a path could be swapped.
      await handle.chmod(mode);
      await handle.writeFile(data);
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Synchronous writeFileAtomic, for small files read and written in one call (the config file). */
export function writeFileAtomicSync(path: string, data: string | Uint8Array, mode = FILE_MODE): void {
  makeDirsSync(dirname(path));
  writeAtomicWith(NODE_IO, path, data, mode);
}
