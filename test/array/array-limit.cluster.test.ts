// The default chunk keeps a map within the site's largest array (MaxArraySize from
// `scontrol show config` on the testbed: 1001), and a chunk that would exceed it is refused.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { map } from '../../src/api/index.js';
import { slurmBackend } from '../../src/schedulers/index.js';
import { describeCluster } from '../helpers/cluster.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

useFileTempConfig('hpcq-array-limit-');

it('reads MaxArraySize from scontrol show config', () => {
  expect(slurmBackend.parseArrayLimit!('MaxArraySize            = 1001\nMaxJobCount             = 10000\n')).toBe(1001);
  expect(slurmBackend.parseArrayLimit!('MaxJobCount = 10000\n')).toBeUndefined();
});

describeCluster('array size limit on the Slurm testbed', () => {
  let filedir: string;
  beforeAll(async () => {
    filedir = await mkdtemp(join(tmpdir(), 'hpcq-array-limit-'));
  });
  afterAll(() => rm(filedir, { recursive: true, force: true }));

  it('packs 2003 items into 668 tasks of one array, and refuses chunk: 1', async () => {
    const limit = Number(/MaxArraySize\s*=\s*(\d+)/.exec(execFileSync('scontrol', ['show', 'config']).toString())![1]);
    const items = Array.from({ length: 2 * limit + 1 }, (_, i) => i);
    const opts = { qtype: 'slurm' as const, filedir, time: '5m', mem: 50, extra: ['--hold'] };
    await expect(map('true {item}', items, { ...opts, chunk: 1 })).rejects.toThrow(/exceed Slurm's largest array \(\d+ tasks\); use chunk: 3/);
    const arr = await map('true {item}', items, opts);
    try {
      expect(new Set(arr.tasks.map((t) => t.id)).size).toBe(Math.ceil(items.length / 3));
      const lines = execFileSync('squeue', ['-h', '-j', arr.id!, '-o', '%i']).toString().trim().split('\n');
      expect(lines).toEqual([`${arr.id}_[0-${Math.ceil(items.length / 3) - 1}]`]);
    } finally {
      await arr.cancel();
    }
  }, 60_000);
});
