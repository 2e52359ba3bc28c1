/** The built `clean_job_files` keeps the seed's flags: -d DIR, -s SUFFIX, -q QTYPE, -n (no confirm), -v. */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeJobFile } from '../../src/api/index.js';
import { QTYPES } from '../../src/types.js';
import { runBin } from '../helpers/bin.js';
import { useTempConfig } from '../helpers/temp-config.js';

const cfg = useTempConfig('hpcq-clean-bin-');

/** Two folders, a and b, each with one local job's files and a file of the user's. */
async function twoFolders(): Promise<{ a: string; b: string; scriptA: string; scriptB: string }> {
  const a = join(cfg.dir, 'a');
  const b = join(cfg.dir, 'b');
  for (const d of [a, b]) {
    mkdirSync(d);
    writeFileSync(join(d, 'mine.txt'), 'the user\'s file\n');
  }
  const scriptA = await makeJobFile('echo a', { qtype: 'local', filedir: a, name: 'ja' });
  const scriptB = await makeJobFile('echo b', { qtype: 'local', filedir: b, name: 'jb' });
  return { a, b, scriptA, scriptB };
}

const env = (): NodeJS.ProcessEnv => ({ HPCQ_CONFIG: cfg.file });

describe('clean_job_files', () => {
  it('-d DIR cleans DIR, not the working directory; -n deletes without asking', async () => {
    const { a, b, scriptA, scriptB } = await twoFolders();
    const r = await runBin('clean-job-files', ['-d', 'a', '-n'], { cwd: cfg.dir, env: env() });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(scriptA)).toBe(false);
    expect(readdirSync(a)).toEqual(['mine.txt']);
    expect(existsSync(scriptB)).toBe(true);
    // Run from inside b, naming a: b is still untouched.
    await makeJobFile('echo a', { qtype: 'local', filedir: a, name: 'ja2' });
    const again = await runBin('clean-job-files', ['-d', a, '--no-confirm'], { cwd: b, env: env() });
    expect(again.code).toBe(0);
    expect(readdirSync(a)).toEqual(['mine.txt']);
    expect(existsSync(scriptB)).toBe(true);
  });

  it('-s SUFFIX and -q QTYPE pick which job files go', async () => {
    const dir = join(cfg.dir, 'mixed');
    const local = await makeJobFile('echo l', { qtype: 'local', filedir: dir, name: 'l' });
    const slurm = await makeJobFile('echo s', { qtype: 'slurm', filedir: dir, name: 's' });
    const other = await makeJobFile('echo o', { qtype: 'local', filedir: dir, name: 'o', suffix: 'other' });
    expect((await runBin('clean-job-files', ['-d', dir, '-q', 'slurm', '-n'], { env: env() })).code).toBe(0);
    expect([existsSync(local), existsSync(slurm), existsSync(other)]).toEqual([true, false, true]);
    expect((await runBin('clean-job-files', ['-d', dir, '-s', 'other', '-n'], { env: env() })).code).toBe(0);
    expect([existsSync(local), existsSync(other)]).toEqual([true, false]);
  });

  it('refuses unknown flags and an unknown -q with a usage message, exit 2, deleting nothing', async () => {
    const { a, scriptA } = await twoFolders();
    for (const args of [['-d', a, '-n', '--bogus-flag'], ['-d', a, '-n', '-x'], ['-n', '--dir']]) {
      const r = await runBin('clean-job-files', args, { cwd: a, env: env() });
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^clean_job_files: /);
      expect(r.err).toMatch(/Usage: clean_job_files/);
      expect(existsSync(scriptA)).toBe(true);
    }
    const typo = await runBin('clean-job-files', ['--sufix', 'x', '-d', a], { env: env() });
    expect(typo.err).toMatch(/unknown flag --sufix \(did you mean --suffix\?\)/);
    const q = await runBin('clean-job-files', ['-d', a, '-q', 'pbs-pro', '-n'], { env: env() });
    expect(q.code).toBe(2);
    expect(q.err).toContain(`use one of ${QTYPES.join(', ')}`);
    expect(existsSync(scriptA)).toBe(true);
  });

  it('--dry-run lists and keeps; without -n off a terminal nothing is deleted; -v lists what went', async () => {
    const { a, scriptA } = await twoFolders();
    const dry = await runBin('clean-job-files', ['-d', a, '--dry-run'], { env: env() });
    expect(dry.code).toBe(0);
    expect(dry.out).toContain(scriptA);
    expect(existsSync(scriptA)).toBe(true);
    const asked = await runBin('clean-job-files', ['-d', a], { env: env() });
    expect(asked.code).toBe(1);
    expect(asked.err).toMatch(/stdin is not a terminal; pass -n/);
    expect(existsSync(scriptA)).toBe(true);
    const verbose = await runBin('clean-job-files', ['-d', a, '-n', '-v'], { env: env() });
    expect(verbose.code).toBe(0);
    expect(verbose.out).toContain(`${scriptA}\n`);
    expect(verbose.out).toMatch(/Deleted \d+ files in /);
    expect(existsSync(scriptA)).toBe(false);
  });

  it('--help prints the flags and exits 0', async () => {
    const r = await runBin('clean-job-files', ['--help'], { env: env() });
    expect(r.code).toBe(0);
    for (const flag of ['-d, --dir', '-s, --suffix', '-q, --qtype', '-n, --no-confirm', '--dry-run', '-v, --verbose']) expect(r.out).toContain(flag);
  });
});
