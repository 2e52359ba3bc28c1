/**
 * The machine's local spool: ids no two processes share, and the jobs of other processes seen
 * through their entries, status files and owners' lives. Each Spool here stands for one process
 * (two instances in one process share its pid, so both owners are alive; a dead owner is made
 * from a process that has exited).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalRunner } from '../../src/local-runner/index.js';
import { BLOCK, KEEP_MS, Spool } from '../../src/local-runner/spool.js';

let root = '';
let runner: LocalRunner | undefined;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hpcq-spool-'));
});
afterEach(async () => {
  await runner?.close();
  runner = undefined;
  await rm(root, { recursive: true, force: true, maxRetries: 5 });
});

const now = (): number => Math.floor(Date.now() / 1000);

/** An owner file's text, as a process of `host` writes it. */
const owner = (pid: string, start = '1', host = hostname()): string => `pid=${pid}\nstart=${start}\nhost=${host}\n`;

/** A job of "another process": an entry in `other`'s block, with a status file the test writes. */
function foreignJob(other: Spool, name: string): { id: string; status: string } {
  const id = other.nextId();
  const status = join(root, `${name}.status`);
  other.record({ id, name, statusFile: status, submitted: Date.now() });
  return { id, status };
}

describe('local spool ids', () => {
  it('gives two processes disjoint blocks, starting at 1, and a new block after BLOCK ids', () => {
    const dir = join(root, 'ids');
    const a = new Spool(dir);
    const b = new Spool(dir);
    expect(a.nextId()).toBe('1');
    expect(b.nextId()).toBe(String(BLOCK + 1));
    const fromA = new Set<string>(['1']);
    for (let i = 1; i < BLOCK; i++) fromA.add(a.nextId());
    expect(fromA.size).toBe(BLOCK);
    // Block 1 is b's: a's next block is 2.
    expect(a.nextId()).toBe(String(2 * BLOCK + 1));
    expect(readdirSync(dir).filter((d) => /^\d+$/.test(d)).sort()).toEqual(['0', '1', '2']);
  });

  it('with an unusable state dir, takes the block of its pid and keeps working', () => {
    const blocked = join(root, 'file');
    writeFileSync(blocked, 'not a directory');
    const s = new Spool(join(blocked, 'ids'));
    expect(s.nextId()).toBe(String(process.pid * BLOCK + 1));
    expect(s.lookup(String(process.pid * BLOCK + 1))).toBeUndefined();
  });
});

describe("another process's jobs", () => {
  it('read pending, then running, then as their status file ends them; an end recorded by the runner wins', () => {
    const dir = join(root, 'ids');
    const mine = new Spool(dir);
    mine.nextId();
    const other = new Spool(dir);
    const job = foreignJob(other, 'remote_one');
    expect(mine.lookup(job.id)).toMatchObject({ state: 'pending', entry: { name: 'remote_one' } });
    writeFileSync(job.status, `start=${now()}\nhost=localhost\n`);
    expect(mine.lookup(job.id)?.state).toBe('running');
    expect(mine.list().map((j) => j.entry.id)).toEqual([job.id]);
    writeFileSync(job.status, `start=${now()}\nexit=3\nend=${now()}\n`);
    expect(mine.lookup(job.id)).toMatchObject({ state: 'failed', reason: 'nonzero_exit', exitCode: 3 });
    expect(mine.list()).toEqual([]);
    const queued = foreignJob(other, 'never_ran');
    other.record({ id: queued.id, name: 'never_ran', submitted: Date.now(), ended: { state: 'cancelled', exitCode: null } });
    expect(mine.lookup(queued.id)).toMatchObject({ state: 'cancelled' });
    expect(mine.lookup('999999999')).toBeUndefined();
  });

  it("of a process that has gone without writing their end read failed (vanished) and are not listed; another machine's are not seen", () => {
    const dir = join(root, 'ids');
    const gone = spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' }).stdout.trim();
    mkdirSync(join(dir, '5'), { recursive: true });
    writeFileSync(join(dir, '5', 'owner'), owner(gone));
    writeFileSync(join(dir, '5', String(5 * BLOCK + 1)), JSON.stringify({ id: String(5 * BLOCK + 1), name: 'orphan', submitted: Date.now() }));
    const mine = new Spool(dir);
    expect(mine.lookup(String(5 * BLOCK + 1))).toMatchObject({ state: 'failed', reason: 'vanished' });
    expect(mine.list()).toEqual([]);
    // A job in a block of another machine (a shared home) is not this machine's to judge.
    mkdirSync(join(dir, '6'), { recursive: true });
    writeFileSync(join(dir, '6', 'owner'), owner(gone, '1', 'another-machine'));
    writeFileSync(join(dir, '6', String(6 * BLOCK + 1)), JSON.stringify({ id: String(6 * BLOCK + 1), name: 'elsewhere', submitted: Date.now() }));
    expect(mine.lookup(String(6 * BLOCK + 1))).toBeUndefined();
    expect(mine.list()).toEqual([]);
    // Ids go on past the highest block, never into it.
    expect(mine.nextId()).toBe(String(7 * BLOCK + 1));
  });
});

describe('a runner with a spool', () => {
  it("holds a dependent of another process's running job until its status file shows the end, then runs it", async () => {
    const dir = join(root, 'ids');
    runner = new LocalRunner({ spool: new Spool(dir) });
    const other = new Spool(dir);
    const parent = foreignJob(other, 'parent');
    writeFileSync(parent.status, `start=${now()}\n`);
    const child = runner.add('echo child', { depends: { afterok: [parent.id] } });
    const rescue = runner.add('echo rescue', { depends: { afternotok: [parent.id] } });
    await new Promise((r) => setTimeout(r, 1200));
    expect(runner.state(child)).toMatchObject({ state: 'pending', pendingReason: 'Dependency' });
    expect(runner.latest(parent.id)).toMatchObject({ state: 'running', name: 'parent' });
    writeFileSync(parent.status, `start=${now()}\nexit=0\nend=${now()}\n`);
    const [c, r] = await runner.wait([child, rescue]);
    expect(c).toMatchObject({ state: 'completed', exitCode: 0 });
    expect(r).toMatchObject({ state: 'cancelled', reason: 'dependency_never_satisfied' });
  });

  it('refuses an id no process has, and waits for a foreign job by id (waitFor)', async () => {
    const dir = join(root, 'ids');
    runner = new LocalRunner({ spool: new Spool(dir) });
    expect(() => runner!.add('true', { depends: ['424242'] })).toThrow(/no local job with id '424242' in this runner nor in another process/);
    const other = new Spool(dir);
    const job = foreignJob(other, 'awaited');
    const waited = runner.waitFor(job.id);
    setTimeout(() => writeFileSync(job.status, `start=${now()}\nexit=0\nend=${now()}\n`), 300);
    expect(await waited).toMatchObject({ id: job.id, state: 'completed', exitCode: 0 });
    expect((await runner.status([job.id])).states.get(job.id)).toBe('completed');
  });
});

describe('spool pruning', () => {
  it("removes blocks of gone processes untouched for two weeks, keeps live and recent ones, and never reuses an id", () => {
    const dir = join(root, 'ids');
    const gone = spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' }).stdout.trim();
    const old = (Date.now() - KEEP_MS - 60_000) / 1000;
    const block = (k: number, owner: string, stale: boolean): void => {
      mkdirSync(join(dir, String(k)), { recursive: true });
      writeFileSync(join(dir, String(k), 'owner'), owner);
      if (stale) utimesSync(join(dir, String(k)), old, old);
    };
    block(0, owner(gone), true); // gone, stale: pruned
    block(1, owner(gone), false); // gone, recent: kept (its ids may still be looked up)
    block(2, owner(String(process.pid), ''), true); // alive: kept
    block(3, owner(gone, '1', 'another-machine'), true); // another machine's: not judged from here, kept
    block(4, owner(gone), true); // the highest before the claim: pruned, but the claim goes above it
    const s = new Spool(dir);
    expect(s.nextId()).toBe(String(5 * BLOCK + 1));
    expect(readdirSync(dir).filter((d) => /^\d+$/.test(d)).sort()).toEqual(['1', '2', '3', '5']);
  });
});
