/** Run one of the built binaries (dist/cli/*.js) as a user would, in a given folder. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

// HPCQ_TEST_DIST points the tests at another build (e.g. an older commit's, to see a test fail there).
const dist = process.env.HPCQ_TEST_DIST ?? join(import.meta.dirname, '..', '..', 'dist');

/** Path of a built binary; fails loudly when `npm run build` was not run. */
export function builtBin(name: 'main' | 'clean-job-files'): string {
  const bin = join(dist, 'cli', `${name}.js`);
  if (!existsSync(bin)) throw new Error(`${bin} missing: run npm run build first`);
  return bin;
}

/** What a run printed and how it ended. */
export interface BinResult {
  code: number;
  out: string;
  err: string;
}

/** Run `node dist/cli/<name>.js ...args` in `cwd` with extra env; stdin is closed (not a terminal). */
export function runBin(name: 'main' | 'clean-job-files', args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<BinResult> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [builtBin(name), ...args], { cwd: opts.cwd, env: { ...process.env, ...opts.env }, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, out: stdout, err: stderr });
    });
    child.stdin?.end();
  });
}
