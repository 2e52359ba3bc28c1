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
import { basename, dirname, join, resolve } from 'node:path';

/** Mode of every file hpcq writes. */
export const FILE_MODE = 0o600;
/** Mode of every directory hpcq creates. */
export const DIR_MODE = 0o700;

/** open(2) flags for a new temp file: create it or fail, and never through a symlink. */
export const EXCLUSIVE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/** A temp name beside `path` that nobody can guess ahead of time (96 random bits). */
export function tempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(12).toString('hex')}.tmp`);
}

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
  const tmp = tempPath(path);
  const fd = openSync(tmp, EXCLUSIVE_FLAGS, mode);
  try {
    try {
      fchmodSync(fd, mode);
      const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
