// map() on the local runner: results in item order, per-item failures, retry, templates, chunks.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ArrayFailedError, map } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'hpcq-map-'));
afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));
const opts = { qtype: 'local' as const, filedir: dir, dir };

describe('map on the local runner', () => {
  it('returns function results in item order, one file of items for all tasks', async () => {
    const arr = await map((x: number, i: number) => x * 10 + i, [5, 6, 7, 8], { ...opts, name: 'sq', parallel: 2 });
    expect(await arr.results()).toEqual([50, 61, 72, 83]);
    expect(arr.tasks.map((t) => t.state)).toEqual(['completed', 'completed', 'completed', 'completed']);
    expect(readdirSync(dir).filter((f) => f.startsWith('sq_func') && f.includes('input'))).toHaveLength(1);
    expect(readdirSync(dir).filter((f) => /^sq\.cluster\.\d\.status$/.test(f))).toHaveLength(4);
    await arr.clean({ deleteOutputs: true });
    expect(readdirSync(dir).filter((f) => f.startsWith('sq'))).toEqual([]);
  }, 30_000);

  it('names every failed item with why, settles per item, and retries only the failed', async () => {
    const fn = (x: number): number => {
      if (x === 2 && !process.env.HPCQ_RETRY_OK) throw new Error(`bad item ${x}`);
      return x;
    };
    const arr = await map(fn, [1, 2, 3], { ...opts, name: 'fails' });
    const err = await arr.results().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArrayFailedError);
    expect((err as ArrayFailedError).failures.map((f) => [f.index, f.remoteError?.message])).toEqual([[1, 'bad item 2']]);
    const settled = await arr.results({ settle: true });
    expect(settled.map((s) => s.ok)).toEqual([true, false, true]);
    expect(arr.tasks[1]!.state).toBe('failed');
    expect(arr.tasks[0]!.result).toBe(1);
    const again = await map(fn, [1, 2, 3], { ...opts, name: 'fails2' }).then((a) => a.wait());
    const retried = await again.retry();
    expect(retried.tasks.map((t) => t.index)).toEqual([1]);
    await expect(retried.results()).rejects.toBeInstanceOf(ArrayFailedError);
  }, 30_000);

  it('runs command templates with quoted items and fields, each task with its own stdout', async () => {
    const items = [{ who: "it's", n: 1 }, { who: '$(touch /tmp/no)', n: 2 }];
    const arr = await map('echo {who} {n} {index} "$HPCQ_ARRAY_INDEX/$HPCQ_ARRAY_COUNT"', items, { ...opts, name: 'tpl' });
    await arr.results();
    expect(arr.tasks.map((t) => t.stdout)).toEqual(["it's 1 0 0/2\n", '$(touch /tmp/no) 2 1 1/2\n']);
  }, 30_000);

  it('packs items into chunks: one task per chunk, results still in order, a failing command fails its task only', async () => {
    const arr = await map((x: number) => x + 1, [0, 1, 2, 3, 4], { ...opts, name: 'chunk', chunk: 2 });
    expect(await arr.results()).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(arr.tasks.map((t) => t.id)).size).toBe(3);
    const cmd = await map('test {item} != b', ['a', 'b', 'c'], { ...opts, name: 'cmdfail' });
    const settled = await cmd.results({ settle: true });
    expect(settled.map((s) => s.ok)).toEqual([true, false, true]);
  }, 30_000);

  it('refuses the old array option with a pointer to map', async () => {
    const { submit } = await import('../../src/index.js');
    await expect(submit('true', { ...opts, array: '0-3' })).rejects.toThrow(/use map\(/);
  });
});
