import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanDir, makeJobFile } from '../../src/api/index.js';
import { runBin } from '../helpers/bin.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');


/** The built hpcq, with this file's config. */
const runCli = (...args: string[]) => runBin('main', args, { env: { HPCQ_CONFIG: process.env.HPCQ_CONFIG } });

describe('hpcq CLI', () => {
  let dir: string;
  const savedConfig = process.env.HPCQ_CONFIG;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hpcq-cli-'));
    process.env.HPCQ_CONFIG = join(dir, 'config.ini');
  });
  afterAll(() => {
    if (savedConfig === undefined) delete process.env.HPCQ_CONFIG;
    else process.env.HPCQ_CONFIG = savedConfig;
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('lists every option as JSON', async () => {
    const { code, out } = await runCli('options', '--format', 'json');
    expect(code).toBe(0);
    const names = (JSON.parse(out) as { name: string }[]).map((o) => o.name);
    expect(names).toEqual(expect.arrayContaining(['cores', 'mem', 'time', 'partition', 'depends']));
  });

  it('saves, shows and deletes a profile in the config file', async () => {
    expect((await runCli('profile', 'set', 'big', 'cores=2', 'mem=2G')).code).toBe(0);
    const shown = await runCli('profile', 'show', 'big', '--json');
    expect(JSON.parse(shown.out)).toEqual({ cores: '2', mem: '2G' });
    expect(readFileSync(process.env.HPCQ_CONFIG!, 'utf8')).toMatch(/\[prof_big\]/);
    expect((await runCli('profile', 'delete', 'big')).code).toBe(0);
    expect((await runCli('profile', 'list')).out).not.toMatch(/\bbig\b/);
  });

  it('reports a bad option with the option name and a suggestion, exit 2', async () => {
    const { code, err } = await runCli('submit', '--qtype', 'local', '--memroy', '4', '--', 'true');
    expect(code).toBe(2);
    expect(err).toMatch(/memroy/);
    expect(err).toMatch(/mem/);
  });

  it('runs a command on the local pool and passes its output and exit code through', async () => {
    const { code, out } = await runCli('submit', '--qtype', 'local', '--filedir', dir, '--wait', '--', 'sh', '-c', 'echo "it works"; exit 3');
    expect(out).toContain('it works');
    expect(code).toBe(3);
  });

  it('clean without --yes refuses to delete when it cannot ask (stdin is not a terminal)', async () => {
    const cdir = mkdtempSync(join(tmpdir(), 'hpcq-cli-clean-'));
    try {
      const script = await makeJobFile('echo x', { qtype: 'local', filedir: cdir });
      const refused = await runCli('clean', cdir);
      expect(refused.code).toBe(1);
      expect(refused.err).toMatch(/-n \(--no-confirm\)/);
      expect(existsSync(script)).toBe(true);
      await expect(cleanDir(cdir, { confirm: true })).rejects.toThrow(/confirm: false/);
      expect(existsSync(script)).toBe(true);
      expect((await runCli('clean', cdir, '--yes')).code).toBe(0);
      expect(existsSync(script)).toBe(false);
    } finally {
      rmSync(cdir, { recursive: true, force: true, maxRetries: 5 });
    }
  });

  it('rejects an unknown command with the usage text', async () => {
    const { code, err } = await runCli('frobnicate');
    expect(code).toBe(2);
    expect(err).toMatch(/^hpcq: unknown command 'frobnicate'/);
    expect(err).toMatch(/Commands: submit, /);
  });

  it('ships working binaries in dist', async () => {
    const bin = join(root, 'dist', 'cli', 'main.js');
    if (!existsSync(bin)) throw new Error('dist/cli/main.js missing: run npm run build (npm test does it first)');
    const { stdout } = await run(process.execPath, [bin, 'options', '--format', 'table'], { env: { ...process.env } });
    expect(stdout).toMatch(/cores/);
    const clean = await run(process.execPath, [join(root, 'dist', 'cli', 'clean-job-files.js'), dir, '--dry-run']);
    // The local job of the test above left its files here; only hpcq's files are listed.
    expect(clean.stdout).toMatch(/\.cluster\.out\n/);
    expect(clean.stdout).not.toMatch(/config\.ini/);
  });
});
