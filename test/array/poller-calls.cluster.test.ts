// An array of many tasks costs the poller no more scheduler calls per cycle than one job:
// one listing and at most one history call, whatever the number of tasks.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { map } from '../../src/api/index.js';
import { getPoller } from '../../src/queue/index.js';
import { hostFor } from '../../src/util/host-for.js';
import { describeCluster } from '../helpers/cluster.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

useFileTempConfig('hpcq-array-poll-');

describeCluster('an array on the Slurm poller', () => {
  let filedir: string;
  beforeAll(async () => {
    filedir = await mkdtemp(join(tmpdir(), 'hpcq-array-poll-'));
  });
  afterAll(() => rm(filedir, { recursive: true, force: true, maxRetries: 5 }));

  it('follows 150 throttled tasks with at most two scheduler calls per cycle', async () => {
    const poller = getPoller('slurm', await hostFor());
    const before = { ...poller.stats };
    const items = Array.from({ length: 150 }, (_, i) => i);
    const arr = await map('echo {item}', items, { qtype: 'slurm', filedir, time: '5m', mem: 50, parallel: 20 });
    const results = await arr.results({ timeout: 120_000 });
    expect(results).toHaveLength(150);
    expect(arr.tasks[149]!.stdout).toBe('149\n');
    expect(poller.stats.maxCommandsPerCycle).toBeLessThanOrEqual(2);
    // Status files end most tasks; the scheduler is asked once per cycle, not once per task.
    expect(poller.stats.commands - before.commands).toBeLessThan(2 * (poller.stats.cycles - before.cycles) + 5);
  }, 150_000);
});
