/**
 * Runs in the isolated phase (vitest.isolated.config.ts): a submit held back by maxQueueLen says
 * once that it waits and why, and again when it goes on. The limit is set from the jobs already
 * in the testbed's queue, which every test shares (all log in as the same user): exact only
 * while no other file submits or cancels beside it.
 */
import { afterAll, expect, it } from 'vitest';
import { cancel, makeJob, submit, type Job } from '../../src/api/index.js';
import { Queue } from '../../src/queue/index.js';
import { isFinal } from '../../src/types.js';
import { captureStderr } from '../helpers/capture-stderr.js';
import { describeCluster, testbed } from '../helpers/cluster.js';
import { useTempConfig } from '../helpers/temp-config.js';

const cfg = useTempConfig('hpcq-max-queue-len-');

describeCluster('maxQueueLen on Slurm', () => {
  const jobs: Job[] = [];
  afterAll(async () => {
    await cancel(jobs.filter((j) => j.id && !isFinal(j.state))).catch(() => {});
  });
  const err = captureStderr('warn');

  it('says once that it waits for room, and when it submits', async () => {
    const opts = { qtype: 'slurm' as const, filedir: cfg.dir, partition: testbed!.partition, time: '5m', mem: 100 };
    const first = await submit('sleep 300', opts);
    jobs.push(first);
    // Jobs left by earlier files may still be queued: the limit is one more than the live jobs
    // that are not ours, so ours fills it and its cancel makes room.
    const queue = await new Queue({ qtype: 'slurm' }).update();
    const others = [...queue.queued, ...queue.running].filter((r) => r.id !== first.id).length;
    const second = makeJob('true', opts).submit({ maxQueueLen: others + 1 });
    while (!err.text().includes('waiting to submit')) await new Promise((r) => setTimeout(r, 100));
    await first.cancel();
    jobs.push(await second);
    const waiting = err.text().split('\n').filter((l) => l.includes('waiting to submit'));
    expect(waiting).toHaveLength(1);
    expect(waiting[0]).toMatch(new RegExp(`hpcq warn \\[queue\\] waiting to submit: \\d+ queued \\+ \\d+ running jobs on slurm reach the limit of ${others + 1}`));
    expect(err.text()).toMatch(/the slurm queue has room again after \d+ s; submitting/);
  }, 120_000);
});
