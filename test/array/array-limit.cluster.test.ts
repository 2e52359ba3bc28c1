// The default chunk keeps a map within the site's largest array (MaxArraySize from
// `scontrol show config` on the testbed: 1001): 10,000 items are ONE array in squeue. A given
// chunk past it is split into as few arrays as fit, not refused.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { map, type JobArray } from '../../src/api/index.js';
import { slurmBackend } from '../../src/schedulers/index.js';
import { describeCluster } from '../helpers/cluster.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

useFileTempConfig('hpcq-array-limit-');

it('reads MaxArraySize from scontrol show config', () => {
  expect(slurmBackend.parseArrayLimit!('MaxArraySize            = 1001\nMaxJobCount             = 10000\n')).toBe(1001);
  expect(slurmBackend.parseArrayLimit!('MaxJobCount = 10000\n')).toBeUndefined();
});

/** squeue's lines for job `id` (a held array shows as one folded line). */
const squeue = (id: string): string[] => execFileSync('squeue', ['-h', '-j', id, '-o', '%i']).toString().trim().split('\n');

describeCluster('array size limit on the Slurm testbed', () => {
  let filedir: string;
  const limit = (): number => Number(/MaxArraySize\s*=\s*(\d+)/.exec(execFileSync('scontrol', ['show', 'config']).toString())![1]);
  const opts = (): Record<string, unknown> => ({ qtype: 'slurm' as const, filedir, time: '5m', mem: 50, extra: ['--hold'] });
  beforeAll(async () => {
    filedir = await mkdtemp(join(tmpdir(), 'hpcq-array-limit-'));
  });
  const held: JobArray<unknown>[] = [];
  // A failed assertion must not leave thousands of held tasks behind.
  afterAll(async () => {
    await Promise.allSettled(held.map((a) => a.cancel()));
    await rm(filedir, { recursive: true, force: true, maxRetries: 5 });
  });

  /** Cancel a held map, wait for every task to end, clean it: nothing of it stays. */
  async function cancelAndClean(arr: JobArray<unknown>): Promise<void> {
    await arr.cancel();
    await arr.wait({ timeout: 120_000 });
    expect(new Set(arr.tasks.map((t) => t.state))).toEqual(new Set(['cancelled']));
    const removed = await arr.clean({ deleteOutputs: true });
    expect(removed.length).toBeGreaterThan(0);
    expect(await readdir(filedir)).toEqual([]);
  }

  it('shows a 10,000-item map as ONE array in squeue, then cancels and cleans it', async () => {
    const max = limit();
    const items = Array.from({ length: 10_000 }, (_, i) => i);
    const started = Date.now();
    const arr = await map('true {item}', items, { ...opts(), name: 'tenk' });
    held.push(arr);
    const submitMs = Date.now() - started;
    const tasks = Math.ceil(items.length / Math.ceil(items.length / max));
    expect(arr.ids).toEqual([arr.id]);
    expect(new Set(arr.tasks.map((t) => t.id)).size).toBe(tasks);
    expect(squeue(arr.id!)).toEqual([`${arr.id}_[0-${tasks - 1}]`]);
    process.stdout.write(`10,000 items: ${tasks} tasks of ${Math.ceil(items.length / max)} in one array, submitted in ${submitMs} ms\n`);
    await cancelAndClean(arr);
  }, 180_000);

  it('splits chunk: 1 over 2 × MaxArraySize + 1 items into three arrays', async () => {
    const max = limit();
    const items = Array.from({ length: 2 * max + 1 }, (_, i) => i);
    const arr = await map('true {item}', items, { ...opts(), name: 'three', chunk: 1 });
    held.push(arr);
    expect(arr.ids).toHaveLength(3);
    expect(arr.ids.map((id) => squeue(id))).toEqual([[`${arr.ids[0]}_[0-${max - 1}]`], [`${arr.ids[1]}_[0-${max - 1}]`], [`${arr.ids[2]}_[0]`]]);
    expect(arr.tasks[max]!.id).toBe(`${arr.ids[1]}_0`);
    await cancelAndClean(arr);
  }, 180_000);
});
