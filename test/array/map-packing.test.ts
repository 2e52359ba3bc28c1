// Packed map tasks on the local runner: `arrayTasks:` instead of `chunk:`, a chunk's items run across
// the task's cores (overlapping in time, results in order), and each command item's exit code.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { map } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'hpcq-pack-'));
afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));
const opts = { qtype: 'local' as const, filedir: dir, dir };

/** Whether two [start, end] spans share some time. */
const overlap = (a: readonly number[], b: readonly number[]): boolean => a[0]! < b[1]! && b[0]! < a[1]!;

describe('packed map tasks', () => {
  it('spreads items over arrayTasks: n tasks, results in order, refuses chunk with arrayTasks, and keeps tasks the MPI option', async () => {
    const arr = await map((x: number) => x * 2, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], { ...opts, name: 'ntasks', arrayTasks: 3 });
    expect(await arr.results()).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    expect(arr.tasks.map((t) => t.taskIndex)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2]);
    expect(new Set(arr.tasks.map((t) => t.id)).size).toBe(3);
    await expect(map((x: number) => x, [1, 2], { ...opts, arrayTasks: 2, chunk: 1 })).rejects.toThrow(/give chunk .* or arrayTasks .*, not both/);
    await expect(map((x: number) => x, [1, 2], { ...opts, arrayTasks: 0 })).rejects.toThrow(/arrayTasks must be a whole number/);
    // `tasks` is the job option (MPI ranks of each task), never the spread: three items stay three tasks.
    const ranks = await map((x: number) => x, [1, 2, 3], { ...opts, name: 'ranks', tasks: 1 });
    expect(await ranks.results()).toEqual([1, 2, 3]);
    expect(new Set(ranks.tasks.map((t) => t.id)).size).toBe(3);
  }, 30_000);

  it('runs a function chunk across the task cores in worker threads: items overlap, results in order, errors per item', async () => {
    const fn = (x: number): { x: number; span: number[] } => {
      const start = Date.now();
      // A synchronous sleep: only threads of their own let two such items overlap.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 700);
      if (x === 3) throw new TypeError('three');
      return { x, span: [start, Date.now()] };
    };
    const arr = await map(fn, [1, 2, 3, 4], { ...opts, name: 'wide', chunk: 4, cores: 2 });
    const settled = await arr.results({ settle: true, timeout: 60_000 });
    expect(new Set(arr.tasks.map((t) => t.id)).size).toBe(1);
    expect(settled.map((s) => (s.ok ? s.value.x : s.failure.remoteError?.message))).toEqual([1, 2, 'three', 4]);
    const spans = settled.flatMap((s) => (s.ok ? [s.value.span] : []));
    expect(overlap(spans[0]!, spans[1]!)).toBe(true);
    expect(arr.tasks.map((t) => t.state)).toEqual(['completed', 'completed', 'failed', 'completed']);
  }, 60_000);

  it('runs a command chunk up to cores at once and records each item exit code', async () => {
    const cmd = 's=$(date +%s%N); sleep 0.7; echo "{item} $s $(date +%s%N)"; test {item} != c || exit 7';
    const arr = await map(cmd, ['a', 'b', 'c', 'd'], { ...opts, name: 'widecmd', chunk: 4, cores: 2 });
    const settled = await arr.results({ settle: true, timeout: 60_000 });
    expect(settled.map((s) => (s.ok ? 'ok' : [s.index, s.failure.state, s.failure.exitCode]))).toEqual(['ok', 'ok', [2, 'failed', 7], 'ok']);
    expect(arr.tasks.map((t) => [t.state, t.exitCode])).toEqual([['completed', 0], ['completed', 0], ['failed', 7], ['completed', 0]]);
    const spans = new Map(arr.tasks[0]!.stdout!.trim().split('\n').map((l) => l.split(' ')).map(([item, s, e]) => [item!, [Number(s), Number(e)]]));
    expect([...spans.keys()].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(overlap(spans.get('a')!, spans.get('b')!)).toBe(true);
    // Sequential without cores: the same items never overlap, and the failing one is still named.
    const one = await map(cmd, ['a', 'b', 'c'], { ...opts, name: 'narrowcmd', chunk: 3 });
    const narrow = await one.results({ settle: true, timeout: 60_000 });
    expect(narrow.map((s) => s.ok)).toEqual([true, true, false]);
    const lines = one.tasks[0]!.stdout!.trim().split('\n').map((l) => l.split(' ').slice(1).map(Number));
    expect(overlap(lines[0]!, lines[1]!)).toBe(false);
  }, 60_000);

  it('keeps parallel across the arrays of a split map', async () => {
    process.env.HPCQ_MAX_ARRAY_SIZE = '2';
    const arr = await map('s=$(date +%s%N); sleep 0.4; echo "$s $(date +%s%N)"', [0, 1, 2, 3], { ...opts, name: 'lanes', chunk: 1, parallel: 1 }).finally(() => {
      delete process.env.HPCQ_MAX_ARRAY_SIZE;
    });
    await arr.results({ timeout: 60_000 });
    const spans = arr.tasks.map((t) => t.stdout!.trim().split(' ').map(Number));
    // At every item's start it is the only one running: the three arrays form one lane.
    const most = Math.max(...spans.map(([start]) => spans.filter(([s, e]) => s! <= start! && start! < e!).length));
    expect(most).toBe(1);
    expect(spans).toHaveLength(4);
  }, 60_000);
});
