/**
 * The `Host` of a login node reached over SSH: commands run through the remote login shell
 * (every word quoted), job files move over SFTP. Back-ends use it exactly like the local host.
 */
import { constants } from 'node:os';
import { CommandError, RemoteError } from '../errors.js';
import { refuseNulArguments, type Host, type RunOptions, type RunResult } from '../util/host.js';
import { createLogger } from '../util/log.js';
import { shellJoin, shellQuote } from '../util/shell-quote.js';
import { SshConnection } from './connection.js';
import { execCommand } from './exec.js';
import { sftpList, sftpRead, sftpReadFrom, sftpRemove, sftpStat, sftpWriteAtomic } from './sftp-files.js';
import type { ResolvedRemote } from './spec.js';

const log = createLogger('remote');

/**
 * The command line sent to the remote shell for argv. The remote environment is the login
 * environment, so `stripEnv` has nothing to strip; extra variables go through `env`.
 */
export function remoteCommandLine(argv: readonly string[], opts: RunOptions = {}): string {
  const parts: string[] = [];
  if (opts.cwd) parts.push(`cd ${shellQuote(opts.cwd)} &&`);
  const env = Object.entries(opts.env ?? {});
  if (env.length) parts.push('env', ...env.map(([k, v]) => shellQuote(`${k}=${v}`)));
  parts.push(shellJoin(argv));
  return parts.join(' ');
}

function signalNumber(signal: string): number {
  const n = (constants.signals as Record<string, number | undefined>)[`SIG${signal.replace(/^SIG/, '')}`];
  return n ?? 1;
}

/** Whether the shell said it could not find the program itself (not something it ran). */
function notFound(argv0: string, exitCode: number, stderr: string): boolean {
  return exitCode === 127 && stderr.includes(argv0) && /not found|No such file/i.test(stderr);
}

/** Wrap SFTP failures so they name the host and the path. */
async function onFiles<T>(remote: ResolvedRemote, what: string, path: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof RemoteError) throw err;
    throw new RemoteError(`SFTP ${what} ${path} on ${remote.key} failed: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * A Host over one reused SSH connection (see getRemoteHost for the shared registry). `name`
 * (default user@host:port) names it in messages and keys its pollers and jobs.
 */
export function createSshHost(remote: ResolvedRemote, name = remote.key): Host {
  const conn = new SshConnection(remote);
  const withSftp = <T>(what: string, path: string, fn: (s: Awaited<ReturnType<SshConnection['sftp']>>) => Promise<T>) =>
    // File operations are safe to repeat (writes are temp file + rename): retried once after a drop.
    onFiles(remote, what, path, () => conn.use(async (client) => fn(await conn.sftp(client)), { repeatable: true }));

  return {
    name,
    remote: true,
    async run(argv: string[], opts: RunOptions = {}): Promise<RunResult> {
      if (!argv.length) throw new CommandError('Nothing to run', { command: argv, exitCode: null, stdout: '', stderr: '' });
      refuseNulArguments(argv);
      const line = remoteCommandLine(argv, opts);
      log.debug(`run on ${remote.key}: ${line}`);
      const r = await execCommand(conn, line, { input: opts.input, timeoutMs: opts.timeoutMs });
      let exitCode = r.code ?? (r.signal ? 128 + signalNumber(r.signal) : 1);
      let stderr = r.stderr;
      if (r.timedOut) {
        exitCode = 124;
        stderr += `\nhpcq: timed out after ${opts.timeoutMs} ms`;
      }
      if (notFound(argv[0]!, exitCode, stderr)) {
        throw new CommandError(`Could not run ${argv[0]} on ${remote.key}`, { command: argv, exitCode, stdout: r.stdout, stderr });
      }
      return { command: argv, exitCode, stdout: r.stdout, stderr };
    },
    writeFile: (path, data, opts) => withSftp('write', path, (s) => sftpWriteAtomic(s, path, data, opts?.mode)),
    readFile: (path) => withSftp('read', path, (s) => sftpRead(s, path)),
    readFrom: (path, offset, maxBytes) => withSftp('read', path, (s) => sftpReadFrom(s, path, offset, maxBytes)),
    async stat(path) {
      const st = await withSftp('stat', path, (s) => sftpStat(s, path));
      // SFTP (version 3) carries whole seconds only.
      return st ? { size: st.size, mtimeMs: st.mtime * 1000 } : undefined;
    },
    remove: (path) => withSftp('remove', path, (s) => sftpRemove(s, path)),
    list: (dir) => withSftp('list', dir, (s) => sftpList(s, dir)),
    async which(command) {
      const r = await execCommand(conn, `command -v ${shellQuote(command)} >/dev/null 2>&1`);
      return r.code === 0;
    },
    close: () => conn.close(),
  };
}
