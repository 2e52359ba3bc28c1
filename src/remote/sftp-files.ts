/**
 * Promise wrappers over the SFTP calls the remote host needs. SFTP reports a missing file
 * as status 2 (SSH_FX_NO_SUCH_FILE), which these turn into `undefined` where hpcq expects it.
 */
import { posix } from 'node:path';
import type { SFTPWrapper, Stats } from 'ssh2';
import { DIR_MODE, FILE_MODE, tempPath } from '../util/atomic-write.js';

const NO_SUCH_FILE = 2;

/** Whether an SFTP error means "no such file". */
export function isMissing(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === NO_SUCH_FILE;
}

function call<T>(fn: (cb: (err: Error | null | undefined, value?: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value as T))));
}

/** stat (following links), or undefined when missing. */
export async function sftpStat(sftp: SFTPWrapper, path: string): Promise<Stats | undefined> {
  try {
    return await call<Stats>((cb) => sftp.stat(path, cb));
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
}

/** Read a file as UTF-8, or undefined when missing. */
export async function sftpRead(sftp: SFTPWrapper, path: string): Promise<string | undefined> {
  try {
    const buf = await call<Buffer>((cb) => sftp.readFile(path, cb));
    return buf.toString('utf8');
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
}

/** Bytes of a file from `offset` on (at most `maxBytes`), or undefined when missing. */
export async function sftpReadFrom(sftp: SFTPWrapper, path: string, offset: number, maxBytes: number): Promise<Uint8Array | undefined> {
  let handle: Buffer;
  try {
    handle = await call<Buffer>((cb) => sftp.open(path, 'r', cb));
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
  try {
    // The size on the open handle: the file may grow meanwhile, the next look gets the rest.
    const size = (await call<Stats>((cb) => sftp.fstat(handle, cb))).size;
    const want = Math.max(0, Math.min(maxBytes, size - offset));
    if (want === 0) return new Uint8Array(0);
    const buf = Buffer.alloc(want);
    let got = 0;
    // A server may return fewer bytes than asked (its packet limit); read until done or EOF.
    while (got < want) {
      const n = await new Promise<number>((resolve, reject) =>
        sftp.read(handle, buf, got, want - got, offset + got, (err, bytesRead) => (err ? reject(err) : resolve(bytesRead))),
      );
      if (n <= 0) break;
      got += n;
    }
    return buf.subarray(0, got);
  } finally {
    await call<void>((cb) => sftp.close(handle, cb)).catch(() => undefined);
  }
}

/** Names in a directory without `.` and `..`, or [] when missing. */
export async function sftpList(sftp: SFTPWrapper, dir: string): Promise<string[]> {
  try {
    const entries = await call<Array<{ filename: string }>>((cb) => sftp.readdir(dir, cb));
    return entries.map((e) => e.filename).filter((n) => n !== '.' && n !== '..');
  } catch (err) {
    if (isMissing(err)) return [];
    throw err;
  }
}

/** Remove a file; a missing file is fine. */
export async function sftpRemove(sftp: SFTPWrapper, path: string): Promise<void> {
  try {
    await call<void>((cb) => sftp.unlink(path, cb));
  } catch (err) {
    if (!isMissing(err)) throw err;
  }
}

/** mkdir -p over SFTP; every directory created is 0700 (chmod'ed: the server's umask trims mkdir's mode). */
export async function sftpMkdirp(sftp: SFTPWrapper, dir: string): Promise<void> {
  const st = await sftpStat(sftp, dir);
  if (st) {
    if (st.isDirectory()) return;
    throw new Error(`${dir} exists and is not a directory`);
  }
  const parent = posix.dirname(dir);
  if (parent !== dir) await sftpMkdirp(sftp, parent);
  try {
    await call<void>((cb) => sftp.mkdir(dir, { mode: DIR_MODE }, cb));
  } catch (err) {
    // Another writer may have created it meanwhile (then its mode is not ours to set); only a real failure counts.
    if (!(await sftpStat(sftp, dir))?.isDirectory()) throw err;
    return;
  }
  await call<void>((cb) => sftp.chmod(dir, DIR_MODE, cb));
}

/** Rename over an existing file: the OpenSSH posix-rename extension when offered, else unlink + rename. */
async function replace(sftp: SFTPWrapper, from: string, to: string): Promise<void> {
  try {
    await call<void>((cb) => sftp.ext_openssh_rename(from, to, cb));
    return;
  } catch (err) {
    // ssh2 throws synchronously when the server lacks the extension; other failures are real.
    if (!/not support/i.test(String((err as Error).message))) throw err;
  }
  await sftpRemove(sftp, to);
  await call<void>((cb) => sftp.rename(from, to, cb));
}

/** Create `path` exclusively (never through a symlink: O_CREAT|O_EXCL) with `mode`; returns the open handle. */
async function openNew(sftp: SFTPWrapper, path: string, mode: number): Promise<Buffer> {
  const handle = await call<Buffer>((cb) => sftp.open(path, 'wx', { mode }, cb));
  try {
    // On the handle, not the path: the server's umask trimmed the mode given at open time.
    await call<void>((cb) => sftp.fchmod(handle, mode, cb));
  } catch (err) {
    await call<void>((cb) => sftp.close(handle, cb)).catch(() => undefined);
    await sftpRemove(sftp, path).catch(() => undefined);
    throw err;
  }
  return handle;
}

/**
 * Write a file atomically: an unpredictable temp name beside it, opened exclusively, then
 * renamed into place; parents are created 0700 and the file gets `mode` (default 0600).
 */
export async function sftpWriteAtomic(sftp: SFTPWrapper, path: string, data: string | Uint8Array, mode = FILE_MODE): Promise<void> {
  await sftpMkdirp(sftp, posix.dirname(path));
  const tmp = tempPath(path);
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
  const handle = await openNew(sftp, tmp, mode);
  try {
    try {
      if (buf.length > 0) await call<number>((cb) => sftp.write(handle, buf, 0, buf.length, 0, cb));
    } finally {
      await call<void>((cb) => sftp.close(handle, cb));
    }
    await replace(sftp, tmp, path);
  } catch (err) {
    await sftpRemove(sftp, tmp).catch(() => undefined);
    throw err;
  }
}
