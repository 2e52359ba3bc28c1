import { execa } from 'execa';
import { open, readFile, readdir, rm, stat } from 'node:fs/promises';
import { CommandError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { refuseNulArguments, type Host, type RunOptions, type RunResult } from './host.js';
import { createLogger } from './log.js';

// Kept here for the modules that import the writers from the local host.
export { writeFileAtomic, writeFileAtomicSync } from './atomic-write.js';

const log = createLogger('host');

function buildEnv(opts: RunOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (opts.stripEnv?.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...opts.env };
}

/** The host hpcq runs on: commands through execa, files through node:fs. */
export function createLocalHost(): Host {
  return {
    name: 'localhost',
    remote: false,
    async run(argv: string[], opts: RunOptions = {}): Promise<RunResult> {
      refuseNulArguments(argv);
      log.debug(`run: ${argv.join(' ')}`);
      const result = await execa(argv[0]!, argv.slice(1), {
        cwd: opts.cwd,
        env: buildEnv(opts),
        extendEnv: false,
        input: opts.input,
        timeout: opts.timeoutMs,
        reject: false,
        stripFinalNewline: false,
      });
      if (result.failed && result.exitCode === undefined && !result.timedOut) {
        throw new CommandError(`Could not run ${argv[0]}`, {
          command: argv,
          exitCode: null,
          stdout: String(result.stdout ?? ''),
          stderr: String(result.stderr ?? result.message ?? ''),
          cause: result.cause,
        });
      }
      const exitCode = result.timedOut ? 124 : (result.exitCode ?? 1);
      const stderr = String(result.stderr ?? '') + (result.timedOut ? `\nhpcq: timed out after ${opts.timeoutMs} ms` : '');
      return { command: argv, exitCode, stdout: String(result.stdout ?? ''), stderr };
    },
    writeFile: (path, data, opts) => writeFileAtomic(path, data, opts?.mode),
    async readFile(path) {
      try {
        return await readFile(path, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
    },
    async readFrom(path, offset, maxBytes) {
      const fh = await open(path, 'r').catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return undefined;
        throw err;
      });
      if (!fh) return undefined;
      try {
        const size = (await fh.stat()).size;
        const buf = Buffer.alloc(Math.max(0, Math.min(maxBytes, size - offset)));
        const { bytesRead } = buf.length ? await fh.read(buf, 0, buf.length, offset) : { bytesRead: 0 };
        return buf.subarray(0, bytesRead);
      } finally {
        await fh.close();
      }
    },
    async stat(path) {
      try {
        const s = await stat(path);
        return { size: s.size, mtimeMs: s.mtimeMs };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
    },
    remove: (path) => rm(path, { force: true }),
    async list(dir) {
      try {
        return await readdir(dir);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw err;
      }
    },
    async which(command) {
      const r = await execa('sh', ['-c', 'command -v "$1"', 'sh', command], { reject: false });
      return r.exitCode === 0;
    },
    async close() {},
  };
}
