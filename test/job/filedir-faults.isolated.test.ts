/**
 * Runs in the isolated phase (it mounts file systems, as root): a filedir that cannot take the
 * job's files (a read-only mount, a full 64 KiB tmpfs, a path through a regular file) gives a
 * typed error that names the job, the directory and the system's reason; no half-written job
 * file is left, and the user's own files there are untouched (same bytes, same mtime).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HpcqError } from '../../src/errors.js';
import { submit } from '../../src/index.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

useFileTempConfig('hpcq-filedir-faults-');
const root = process.getuid?.() === 0;
let base = '';
const mounts: string[] = [];

function mount(dir: string, opts: string): void {
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', opts, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`mount ${dir}: ${r.stderr}`);
  mounts.push(dir);
}

/** Fill a file system to the last byte (a tmpfs counts pages, so write until it refuses). */
function fill(dir: string): void {
  for (let i = 0; ; i++) {
    try {
      writeFileSync(join(dir, `filler${i}`), Buffer.alloc(i === 0 ? 48 * 1024 : 1024, 1));
    } catch {
      return;
    }
  }
}

/** The files a directory holds: name -> sha256 and mtime (directories hpcq may create are not counted). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) continue;
    out[name] = `${createHash('sha256').update(readFileSync(p)).digest('hex')} ${statSync(p).mtimeMs}`;
  }
  return out;
}

(root ? describe : describe.skip)('a filedir that cannot take the job files', () => {
  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'hpcq-filedir-faults-'));
  });
  afterAll(() => {
    for (const m of mounts.reverse()) spawnSync('umount', [m]);
    rmSync(base, { recursive: true, force: true, maxRetries: 5 });
  });

  const cases: Array<[string, () => { filedir: string; watch: string }, RegExp]> = [
    ['a read-only mount', () => {
      const dir = join(base, 'ro');
      spawnSync('mkdir', ['-p', dir]);
      mount(dir, 'size=64k,mode=0755');
      writeFileSync(join(dir, 'mine.txt'), 'the user data\n');
      spawnSync('mount', ['-o', 'remount,ro', dir]);
      return { filedir: dir, watch: dir };
    }, /EROFS/],
    ['a full 64 KiB tmpfs', () => {
      const dir = join(base, 'full');
      spawnSync('mkdir', ['-p', dir]);
      mount(dir, 'size=64k');
      writeFileSync(join(dir, 'mine.txt'), 'the user data\n');
      fill(dir);
      return { filedir: dir, watch: dir };
    }, /ENOSPC/],
    ['a new directory on the full tmpfs', () => ({ filedir: join(base, 'full', 'jobs'), watch: join(base, 'full') }), /ENOSPC/],
    ['a path through a regular file', () => {
      const dir = join(base, 'plain');
      spawnSync('mkdir', ['-p', dir]);
      writeFileSync(join(dir, 'mine.txt'), 'the user data\n');
      return { filedir: join(dir, 'mine.txt', 'jobs'), watch: dir };
    }, /ENOTDIR|EEXIST|not a directory/i],
  ];

  let figures = { cases: 0, typed: 0, leftovers: 0, touched: 0 };
  afterAll(() => {
    process.stdout.write(`filedir faults: ${figures.cases} cases, ${figures.typed} typed errors, ${figures.leftovers} files left behind, ${figures.touched} user files touched\n`);
  });

  for (const [what, make, reason] of cases) {
    it(`${what}: a typed error, nothing half-written, the user's files untouched`, async () => {
      const { filedir, watch } = make();
      const before = snapshot(watch);
      const tries: Array<[string, unknown, { args?: unknown[] }]> = [
        ['command', 'echo hi', {}],
        ['function', (s: string) => s.length, { args: ['y'.repeat(20_000)] }],
      ];
      for (const [kind, task, extra] of tries) {
        figures.cases++;
        const err = await submit(task as never, { qtype: 'local', filedir, name: `${kind}job`, ...extra }).then(
          (job) => new Error(`submitted as ${job.id}`),
          (e: unknown) => e as Error,
        );
        expect(err, kind).toBeInstanceOf(HpcqError);
        expect(err.message, kind).toMatch(new RegExp(`(Could not|Cannot) write the files of job ${kind}job in ${filedir.replace(/[/.]/g, '\\$&')}.*`));
        expect(err.message, kind).toMatch(reason);
        figures.typed++;
        const after = snapshot(watch);
        const added = Object.keys(after).filter((n) => !(n in before) && n !== 'jobs');
        figures.leftovers += added.length;
        figures.touched += Object.keys(before).filter((n) => after[n] !== before[n]).length;
        expect(added, kind).toEqual([]);
        expect(after, kind).toMatchObject(before);
      }
    });
  }
});
