import { execa } from 'execa';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { CommandError } from '../errors.js';
import type { Host, RunOptions, RunResult } from './host.js';
import { createLogger } from './log.js';

const log = createLogger('host');
let tmpCounter = 0;

function buildEnv(opts: RunOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (opts.stripEnv?.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...opts.env };
}

/** Write data to a temp file beside `path`, then rename it into place. */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode?: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${++tmpCounter}.tmp`);
  try {
    await writeFile(tmp, data, mode === undefined ? {} : { mode });
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Synchronous writeFileAtomic, for small files read and written in one call (the config file). */
export function writeFileAtomicSync(path: string, data: string | Uint8Array, mode?: number): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${++tmpCounter}.tmp`);
  try {
    writeFileSync(tmp, data, mode === undefined ? {} : { mode });
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** The host hpcq runs on: commands through execa, files through node:fs. */
export function createLocalHost(): Host {
  return {
    name: 'localhost',
    remote: false,
    async run(argv: string[], opts: RunOptions = {}): Promise<RunResult> {
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
