/**
 * Promise wrappers over the SFTP calls the remote host needs. SFTP reports a missing file
 * as status 2 (SSH_FX_NO_SUCH_FILE), which these turn into `undefined` where hpcq expects it.
 */
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import type { SFTPWrapper, Stats } from 'ssh2';

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

/** mkdir -p over SFTP. */
export async function sftpMkdirp(sftp: SFTPWrapper, dir: string): Promise<void> {
  const st = await sftpStat(sftp, dir);
  if (st) {
    if (st.isDirectory()) return;
    throw new Error(`${dir} exists and is not a directory`);
  }
  const parent = posix.dirname(dir);
  if (parent !== dir) await sftpMkdirp(sftp, parent);
  try {
    await call<void>((cb) => sftp.mkdir(dir, cb));
  } catch (err) {
    // Another writer may have created it meanwhile; only a real failure counts.
    if (!(await sftpStat(sftp, dir))?.isDirectory()) throw err;
  }
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

/** Write a file atomically: temp file beside it, then rename into place; parents are created. */
export async function sftpWriteAtomic(sftp: SFTPWrapper, path: string, data: string | Uint8Array, mode?: number): Promise<void> {
  await sftpMkdirp(sftp, posix.dirname(path));
  const tmp = posix.join(posix.dirname(path), `.${posix.basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
    await call<void>((cb) => sftp.writeFile(tmp, buf, mode === undefined ? {} : { mode }, cb));
    // The server's umask may have trimmed the mode given at open time.
    if (mode !== undefined) await call<void>((cb) => sftp.chmod(tmp, mode, cb));
    await replace(sftp, tmp, path);
  } catch (err) {
    await sftpRemove(sftp, tmp).catch(() => undefined);
    throw err;
  }
}
