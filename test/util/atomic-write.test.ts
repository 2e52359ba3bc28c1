/**
 * Atomic writes in a filedir shared with other users: a symlink planted at any temp name hpcq
 * could predict must never be followed, and what hpcq creates is owner-only whatever the umask.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeJob } from '../../src/api/index.js';
import { makeDirs } from '../../src/util/atomic-write.js';
// Through the local host, as the job files and the config file are written.
import { writeFileAtomic, writeFileAtomicSync } from '../../src/util/local-host.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

const config = useFileTempConfig('hpcq-atomic-');
const SECRET = 'the victim keeps this\n';

/** A 0600 file outside the shared dir, and symlinks to it at every pid/counter temp name of `names`. */
function plant(shared: string, names: string[]): string {
  const victimDir = join(config.dir, `victim-${Math.random().toString(36).slice(2)}`);
  mkdirSync(victimDir);
  const victim = join(victimDir, 'private.key');
  writeFileSync(victim, SECRET, { mode: 0o600 });
  for (const name of new Set(names)) {
    // The old writer's names: .<file>.<pid>.<counter>.tmp (and <file>.<pid>.tmp).
    symlinkSync(victim, join(shared, `${name}.${process.pid}.tmp`));
    for (let n = 1; n <= 40; n++) symlinkSync(victim, join(shared, `.${name}.${process.pid}.${n}.tmp`));
  }
  return victim;
}

function untouched(victim: string): void {
  expect(readFileSync(victim, 'utf8')).toBe(SECRET);
  expect(statSync(victim).mode & 0o777).toBe(0o600);
}

let oldUmask = 0;
beforeEach(() => {
  oldUmask = process.umask(0o022);
});
afterEach(() => {
  process.umask(oldUmask);
});

describe('atomic writes in a shared filedir', () => {
  it('makeJobFile never writes through a symlink planted at a predictable temp name', async () => {
    const shared = join(config.dir, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    for (const qtype of ['slurm', 'local'] as const) {
      const task = (x: number) => x + 1;
      const job = makeJob(task, { qtype, filedir: shared, args: [1], name: `victim_${qtype}` });
      const names = Object.values(job.files).filter((p): p is string => typeof p === 'string' && p !== '').map((p) => p.slice(shared.length + 1));
      const victim = plant(shared, names);
      // What makeJobFile does, on the job whose names were planted.
      await job.write();
      const script = job.files.submit;
      untouched(victim);
      expect(lstatSync(script).isFile()).toBe(true);
      expect(readFileSync(script, 'utf8')).toMatch(/^#!\/bin\/bash\n/);
    }
    // Only the planted links and the job's own files are there: no temp file was left behind.
    expect(readdirSync(shared).filter((n) => n.endsWith('.tmp') && !lstatSync(join(shared, n)).isSymbolicLink())).toEqual([]);
  });

  it('the synchronous writer (the config file) never follows a planted symlink either', () => {
    const shared = join(config.dir, 'shared-sync');
    mkdirSync(shared);
    const victim = plant(shared, ['config.ini']);
    writeFileAtomicSync(join(shared, 'config.ini'), '[queue]\n');
    untouched(victim);
    expect(readFileSync(join(shared, 'config.ini'), 'utf8')).toBe('[queue]\n');
  });

  it('replaces a symlink at the target itself rather than writing through it', async () => {
    const shared = join(config.dir, 'shared-target');
    mkdirSync(shared);
    const victim = plant(shared, []);
    symlinkSync(victim, join(shared, 'job.cluster.out'));
    await writeFileAtomic(join(shared, 'job.cluster.out'), 'mine');
    untouched(victim);
    expect(lstatSync(join(shared, 'job.cluster.out')).isFile()).toBe(true);
  });
});

describe('modes under umask 022', () => {
  it('writes files 0600 and creates every missing directory 0700, leaving existing ones alone', async () => {
    const base = join(config.dir, 'modes');
    mkdirSync(base, { mode: 0o755 });
    chmodSync(base, 0o755);
    await writeFileAtomic(join(base, 'a', 'b', 'c', 'file.txt'), 'x');
    writeFileAtomicSync(join(base, 'd', 'e', 'file.txt'), 'y');
    await makeDirs(join(base, 'f'));
    expect(statSync(base).mode & 0o777).toBe(0o755);
    for (const dir of ['a', 'a/b', 'a/b/c', 'd', 'd/e', 'f']) expect(statSync(join(base, dir)).mode & 0o777, dir).toBe(0o700);
    for (const file of ['a/b/c/file.txt', 'd/e/file.txt']) expect(statSync(join(base, file)).mode & 0o777, file).toBe(0o600);
  });

  it('keeps an explicit mode whatever the umask trims', async () => {
    process.umask(0o277);
    const path = join(config.dir, 'explicit.txt');
    await writeFileAtomic(path, 'x', 0o640);
    expect(statSync(path).mode & 0o777).toBe(0o640);
  });
});
