// Following single tasks of a Slurm job array on the testbed: a task still inside the pending
// range (`123_[2-5%1]`) is pending, not a job that vanished; the array as a whole ends last.
import { afterAll, expect, it } from 'vitest';
import { createPoller } from '../../src/queue/index.js';
import { createLocalHost } from '../../src/util/local-host.js';
import { describeCluster } from '../helpers/cluster.js';
import { createSbatch } from '../helpers/slurm-jobs.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

// Keep [queue] settings of these tests out of the home directory's config.
useFileTempConfig('hpcq-config-');

const { sbatch, cancelAll } = createSbatch('hpcq-array-test');

describeCluster('array tasks on the Slurm testbed', () => {
  afterAll(() => cancelAll());

  it('keeps tasks waiting behind the array throttle pending, then settles each and the array', async () => {
    const id = sbatch('sleep 2', '--array=0-3%1');
    // Short grace windows: a task that no source matched would be called vanished within ~2 s.
    const poller = createPoller('slurm', createLocalHost(), { submitGraceMs: 500, statusGraceMs: 500 });
    const tasks = [`${id}_2`, `${id}_3`];
    const early = await Promise.all(tasks.map((t) => poller.waitFor(t, { timeout: 3_000 }).catch((e: Error) => e)));
    expect(early.every((e) => e instanceof Error && /Timed out/.test(e.message))).toBe(true);
    expect(tasks.map((t) => poller.latest(t)?.state)).toEqual(['pending', 'pending']);
    const [two, three, all] = await Promise.all([...tasks, id].map((t) => poller.waitFor(t, { timeout: 60_000 })));
    expect([two!.state, three!.state, all!.state]).toEqual(['completed', 'completed', 'completed']);
    expect(three).toMatchObject({ id: `${id}_3`, exitCode: 0 });
  }, 80_000);
});
