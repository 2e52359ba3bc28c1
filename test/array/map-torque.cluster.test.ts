// A map through the Torque commands of the testbed (slurm-wlm-torque's qsub -t / qstat -f over
// Slurm): its qstat lists a live array once under its bare id and runs tasks under Slurm job ids
// of their own, so no task id hpcq tracks is ever listed. Every task must still end as it did.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { map } from '../../src/api/index.js';
import { describeCluster } from '../helpers/cluster.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

useFileTempConfig('hpcq-map-torque-');

describeCluster('map on the Torque commands', () => {
  let filedir: string;
  beforeAll(async () => {
    filedir = await mkdtemp(join(tmpdir(), 'hpcq-map-torque-'));
  });
  afterAll(() => rm(filedir, { recursive: true, force: true, maxRetries: 5 }));

  it('ends all 300 tasks of a function map completed, each with its result in order', async () => {
    const items = Array.from({ length: 300 }, (_, i) => i);
    const arr = await map((n: number) => n * 3 + 1, items, { qtype: 'torque', filedir: join(filedir, 'fn'), time: '10m', mem: 100 });
    const results = await arr.results({ timeout: 540_000 });
    expect(results).toEqual(items.map((n) => n * 3 + 1));
    const endings = new Map<string, number>();
    for (const t of arr.tasks) endings.set(`${t.state} ${t.exitCode}`, (endings.get(`${t.state} ${t.exitCode}`) ?? 0) + 1);
    expect(Object.fromEntries(endings)).toEqual({ 'completed 0': 300 });
  }, 600_000);

  it('ends a task that exits 3 failed with exit 3, and its siblings completed', async () => {
    const codes = Array.from({ length: 12 }, (_, i) => (i === 4 ? 3 : 0));
    const arr = await map('exit {item}', codes, { qtype: 'torque', filedir: join(filedir, 'cmd'), time: '5m', mem: 50 });
    const settled = (await arr.results({ settle: true, timeout: 240_000 })) as Array<{ ok: boolean }>;
    expect(settled.map((s) => s.ok)).toEqual(codes.map((c) => c === 0));
    expect(arr.tasks[4]).toMatchObject({ state: 'failed', reason: 'nonzero_exit', exitCode: 3 });
    expect(arr.tasks.filter((t) => t.state === 'completed' && t.exitCode === 0)).toHaveLength(11);
  }, 300_000);
});
