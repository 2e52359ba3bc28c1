import { afterEach, describe, expect, it, vi } from 'vitest';
import { HpcqError } from '../../src/errors.js';
import { LocalRunner, type LocalJobRecord } from '../../src/local-runner/index.js';

let runner: LocalRunner;
afterEach(async () => {
  vi.restoreAllMocks();
  await runner?.close();
});

/** A function job that sleeps `ms` milliseconds. */
const nap = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const start = (r: LocalJobRecord | undefined): number => r!.startTime!.getTime();
const end = (r: LocalJobRecord | undefined): number => r!.endTime!.getTime();

describe('LocalRunner scheduling', () => {
  it('backfills: a job that fits starts while a larger one waits', async () => {
    runner = new LocalRunner({ cores: 4 });
    const a = runner.add(nap, { cores: 3, args: [300] });
    const b = runner.add(nap, { cores: 4, args: [10] });
    const c = runner.add(nap, { cores: 1, args: [10] });
    expect(runner.state(b)?.pendingReason).toBe('Resources');
    const [ra, rb, rc] = await runner.wait([a, b, c]);
    expect(start(rc)).toBeLessThan(end(ra));
    expect(start(rc)).toBeLessThan(start(rb));
    expect(start(rb)).toBeGreaterThanOrEqual(end(ra));
    expect(runner.stats).toMatchObject({ started: 3, finished: 3, running: 0, queued: 0, usedCores: 0 });
  });

  it('EASY backfill: with known time limits only jobs that end before the reservation overtake', async () => {
    runner = new LocalRunner({ cores: 4, reserveAfter: 0 });
    const a = runner.add(nap, { cores: 2, args: [400], time: 10 });
    const big = runner.add(nap, { cores: 4, args: [10], time: 10 });
    const short = runner.add(nap, { cores: 1, args: [10], time: 1 });
    const long = runner.add(nap, { cores: 2, args: [10] });
    const [ra, rbig, rshort, rlong] = await runner.wait([a, big, short, long]);
    expect(start(rshort)).toBeLessThan(end(ra));
    expect(start(rlong)).toBeGreaterThanOrEqual(start(rbig));
  });

  it('does not starve a large job behind a stream of small ones', async () => {
    runner = new LocalRunner({ cores: 4, reserveAfter: 200 });
    let smalls = 0;
    // Staggered lengths, so that the two cores rarely free up in the same instant.
    const addSmall = (): void => {
      smalls++;
      runner.add(nap, { args: [20 + (smalls % 7) * 13] });
    };
    runner.add(nap, { args: [300] });
    const big = runner.add(nap, { cores: 4, args: [10] });
    for (let i = 0; i < 4; i++) addSmall();
    // Keep small jobs queued until the big one has started (or 300 were added).
    runner.on('end', () => {
      if (runner.state(big)?.state === 'pending' && smalls < 300) addSmall();
    });
    const rec = await runner.get(big);
    expect(rec.state).toBe('completed');
    expect(smalls).toBeLessThan(300);
    await runner.wait();
  });

  it('trims cores above the runner with a warning', async () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    runner = new LocalRunner({ cores: 2 });
    const id = runner.add('true', { cores: 16 });
    expect(write.mock.calls.map((c) => String(c[0])).join('')).toMatch(/16 cores.*has 2/);
    expect((await runner.get(id)).cpus).toBe(2);
  });

  it('caps cores with threads', () => {
    runner = new LocalRunner({ cores: 8, threads: 3 });
    expect(runner.cores).toBe(3);
  });
});

describe('LocalRunner dependencies', () => {
  it('afterok waits for success', async () => {
    runner = new LocalRunner({ cores: 4 });
    const a = runner.add(nap, { args: [100] });
    const b = runner.add(() => 'b', { depends: a });
    expect(runner.state(b)?.pendingReason).toBe('Dependency');
    const [ra, rb] = await runner.wait([a, b]);
    expect(rb!.result).toBe('b');
    expect(start(rb)).toBeGreaterThanOrEqual(end(ra));
  });

  it('cascades cancellation through afterok and honours afterany / afternotok', async () => {
    runner = new LocalRunner({ cores: 4 });
    const ok = runner.add(nap, { args: [50] });
    const bad = runner.add('sleep 0.1; exit 2');
    const x = runner.add('true', { depends: bad });
    const y = runner.add('true', { depends: { afterok: [x] } });
    const z = runner.add('true', { depends: [x, ok] });
    const any = runner.add('true', { depends: { afterany: [bad] } });
    const notok = runner.add('true', { depends: `afternotok:${bad}` });
    const notokOfOk = runner.add('true', { depends: { afternotok: [ok] } });
    const mixed = runner.add('true', { depends: `afterok:${ok},afternotok:${bad}` });
    const recs = Object.fromEntries((await runner.wait()).map((r) => [r.id, r]));
    expect(recs[bad]!.state).toBe('failed');
    for (const id of [x, y, z, notokOfOk]) {
      expect(recs[id]).toMatchObject({ state: 'cancelled', reason: 'dependency_never_satisfied' });
    }
    for (const id of [any, notok, mixed]) expect(recs[id]!.state).toBe('completed');
  });

  it('resolves dependencies on jobs that have already ended', async () => {
    runner = new LocalRunner({ cores: 2 });
    const ok = runner.add('true');
    const bad = runner.add('false');
    await runner.wait();
    const after = runner.add('true', { depends: ok });
    const never = runner.add('true', { depends: bad });
    expect(runner.state(never)).toMatchObject({ state: 'cancelled', reason: 'dependency_never_satisfied' });
    expect((await runner.get(after)).state).toBe('completed');
  });

  it('cancelling a queued job cancels its afterok dependents and satisfies afternotok', async () => {
    runner = new LocalRunner({ cores: 1 });
    const blocker = runner.add(nap, { args: [200] });
    const queued = runner.add('true');
    const child = runner.add('true', { depends: queued });
    const rescue = runner.add('true', { depends: { afternotok: [queued] } });
    await runner.cancel(queued);
    expect(runner.state(queued)?.state).toBe('cancelled');
    expect(runner.state(child)).toMatchObject({ state: 'cancelled', reason: 'dependency_never_satisfied' });
    await runner.wait([blocker, rescue]);
    expect(runner.state(rescue)?.state).toBe('completed');
  });

  it('refuses unknown dependencies and malformed ones', () => {
    runner = new LocalRunner({ cores: 1 });
    expect(() => runner.add('true', { depends: '999' })).toThrow(HpcqError);
    expect(() => runner.add('true', { depends: '999' })).toThrow(/Unknown dependency.*999/);
    expect(() => runner.add('true', { depends: 'afterwards:1' })).toThrow(/dependency kind/);
    expect(() => runner.add('true', { depends: { after: ['1'] } as never })).toThrow(/dependency kind/);
    expect(runner.stats.queued).toBe(0);
  });

  it('runs a long chain without recursion trouble', async () => {
    runner = new LocalRunner({ cores: 2 });
    let prev = runner.add('false');
    const first = prev;
    for (let i = 0; i < 20_000; i++) prev = runner.add(() => 1, { depends: prev });
    const last = await runner.get(prev);
    expect(runner.state(first)?.state).toBe('failed');
    expect(last).toMatchObject({ state: 'cancelled', reason: 'dependency_never_satisfied' });
  });
});
