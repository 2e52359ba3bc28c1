/**
 * Job arrays through map() on every back-end (backends.ts): results in order, one failing item,
 * retry of the failed one, cancel of a running array, a dependency on an array, packing.
 */
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { map, submit, type JobArray } from '../../src/api/index.js';
import { ArrayFailedError } from '../../src/errors.js';
import { forEachBackend, testbedRemote, type BackendCase } from './backends.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

useFileTempConfig('hpcq-arrays-config-');

const LIMIT = { timeout: 90_000 };

/** Run `fn` with the largest array lowered to `size` (HPCQ_MAX_ARRAY_SIZE), as a site's own limit would. */
async function withArrayLimit<T>(size: number, fn: () => Promise<T>): Promise<T> {
  process.env.HPCQ_MAX_ARRAY_SIZE = String(size);
  try {
    return await fn();
  } finally {
    delete process.env.HPCQ_MAX_ARRAY_SIZE;
  }
}

forEachBackend((backend: BackendCase) => {
  let filedir: string;
  const arrays: JobArray<unknown>[] = [];
  const remote = backend.remote ? { remote: testbedRemote() } : {};
  const opts = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ qtype: backend.qtype, filedir, time: '5m', mem: 100, ...remote, ...extra });
  const track = <T extends JobArray<unknown>>(arr: T): T => (arrays.push(arr), arr);

  beforeAll(async () => {
    filedir = await mkdtemp(join(tmpdir(), `hpcq-arrays-${backend.qtype}-`));
  });
  afterAll(async () => {
    await Promise.allSettled(arrays.map((a) => a.cancel()));
    await rm(filedir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('gives function results in item order from one array with per-task variables', async () => {
    const arr = track(await map((x: number, i: number) => ({ x, i, task: process.env.HPCQ_ARRAY_INDEX, count: process.env.HPCQ_ARRAY_COUNT }), [3, 1, 2], opts({ parallel: 2 })));
    const ids = arr.tasks.map((t) => t.id);
    expect(new Set(ids).size).toBe(3);
    expect(await arr.results(LIMIT)).toEqual([
      { x: 3, i: 0, task: '0', count: '3' },
      { x: 1, i: 1, task: '1', count: '3' },
      { x: 2, i: 2, task: '2', count: '3' },
    ]);
    if (backend.qtype !== 'local') expect(ids.every((id) => id!.startsWith(arr.id!.replace(/\..*$/, '')))).toBe(true);
  });

  it('names the one failing item and retries only it', async () => {
    const arr = track(await map('test {item} != 2 || { echo "item {item} bad" >&2; exit 4; }', [1, 2, 3], opts()));
    const err = await arr.results(LIMIT).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArrayFailedError);
    expect((err as ArrayFailedError).failures.map((f) => [f.index, f.state, f.exitCode])).toEqual([[1, 'failed', 4]]);
    expect(arr.tasks[1]!.stderr).toBe('item 2 bad\n');
    expect(arr.tasks.map((t) => t.state)).toEqual(['completed', 'failed', 'completed']);
    const again = track(await arr.retry());
    expect(again.tasks.map((t) => t.index)).toEqual([1]);
    const settled = await again.results({ settle: true, ...LIMIT });
    expect(settled.map((s) => [s.index, s.ok])).toEqual([[1, false]]);
  });

  it('cancels a running array as a whole', async () => {
    const arr = track(await map('sleep 60', ['a', 'b'], opts()));
    await new Promise((r) => setTimeout(r, 1500));
    await arr.cancel();
    await arr.wait(LIMIT);
    expect(arr.tasks.map((t) => t.state)).toEqual(['cancelled', 'cancelled']);
  });

  it('runs a job after every task of an array, and dooms it when a task fails', async () => {
    const ok = track(await map('sleep 1; echo {item}', ['p', 'q'], opts()));
    const after = await submit('echo after', opts({ depends: ok }));
    expect((await after.get(LIMIT)).stdout).toBe('after\n');
    expect(ok.tasks.map((t) => t.state)).toEqual(['completed', 'completed']);
    const bad = track(await map('exit {item}', [0, 1], opts()));
    const doomed = await submit('echo never', opts({ depends: bad }));
    await doomed.wait(LIMIT);
    expect([doomed.state, doomed.reason]).toEqual(['cancelled', 'dependency_never_satisfied']);
  });

  it('packs items into chunks, results in order and per-item errors kept', async () => {
    const fn = (x: number): number => {
      if (x === 4) throw new RangeError('four');
      return x * x;
    };
    const arr = track(await map(fn, [1, 2, 3, 4, 5], opts({ chunk: 2 })));
    expect(new Set(arr.tasks.map((t) => t.id)).size).toBe(3);
    const settled = await arr.results({ settle: true, ...LIMIT });
    expect(settled.map((s) => (s.ok ? s.value : s.failure.remoteError?.message))).toEqual([1, 4, 9, 'four', 25]);
  });

  it('runs a packed task across its cores: its items overlap in time, results in order, the failing item named', async () => {
    const fn = (x: number): number[] => {
      const start = Date.now();
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);
      if (x === 2) throw new Error('two');
      return [x, start, Date.now()];
    };
    const arr = track(await map(fn, [0, 1, 2, 3], opts({ chunk: 2, cores: 2 })));
    const settled = await arr.results({ settle: true, ...LIMIT });
    expect(settled.map((s) => (s.ok ? s.value[0] : s.failure.remoteError?.message))).toEqual([0, 1, 'two', 3]);
    const [a, b] = [settled[0]!, settled[1]!].map((s) => (s.ok ? s.value : []));
    // Items 0 and 1 share task 0: each started before the other ended.
    expect(a![1]! < b![2]! && b![1]! < a![2]!).toBe(true);
    const cmd = track(await map('sleep 1; test {item} != y || exit 6', ['x', 'y', 'z'], opts({ chunk: 3, cores: 2 })));
    const items = await cmd.results({ settle: true, ...LIMIT });
    expect(items.map((s) => (s.ok ? 'ok' : [s.index, s.failure.exitCode]))).toEqual(['ok', [1, 6], 'ok']);
    expect(cmd.tasks.map((t) => t.state)).toEqual(['completed', 'failed', 'completed']);
  });

  it('splits a map past the largest array into as few arrays as fit: item order, a failing item by its index', async () => {
    const items = Array.from({ length: 25 }, (_, i) => i);
    const arr = track(await withArrayLimit(10, () => map('test {item} != 17 || exit 3; echo "{item} $HPCQ_ARRAY_COUNT"', items, opts({ name: 'split', chunk: 1 }))));
    // One payload (and one submission) per array: 10 + 10 + 5 tasks.
    expect(readdirSync(filedir).filter((f) => /^split(\.\d+)?\.cluster\.items$/.test(f)).sort()).toEqual(['split.1.cluster.items', 'split.2.cluster.items', 'split.cluster.items']);
    if (backend.qtype !== 'local') {
      expect(new Set(arr.ids).size).toBe(3);
      expect(arr.id).toBe(arr.ids[0]);
    }
    expect(new Set(arr.tasks.map((t) => t.id)).size).toBe(25);
    const settled = await arr.results({ settle: true, ...LIMIT });
    expect(settled.flatMap((s) => (s.ok ? [] : [[s.index, s.failure.state, s.failure.exitCode]]))).toEqual([[17, 'failed', 3]]);
    expect(arr.tasks.map((t) => t.stdout)).toEqual(items.map((i) => (i === 17 ? '' : `${i} ${i < 20 ? 10 : 5}\n`)));
    const again = track(await arr.retry());
    expect(again.tasks.map((t) => t.index)).toEqual([17]);
    await again.wait(LIMIT);
    const cleaned = await arr.clean({ deleteOutputs: true });
    expect(cleaned.filter((f) => f.endsWith('.items'))).toHaveLength(3);
  });
});
