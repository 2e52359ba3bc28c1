/**
 * Off a terminal, HPCQ_LOG=info prints one line per job state change (built CLI, local and Slurm);
 * a submit held back by maxQueueLen says once that it waits and why, and again when it goes on.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { cancel, makeJob, submit, type Job } from '../../src/api/index.js';
import { Queue } from '../../src/queue/index.js';
import { isFinal } from '../../src/types.js';
import { runBin } from '../helpers/bin.js';
import { captureStderr } from '../helpers/capture-stderr.js';
import { describeCluster, testbed } from '../helpers/cluster.js';
import { useTempConfig } from '../helpers/temp-config.js';

const cfg = useTempConfig('hpcq-state-log-');

/** The state-change lines of a run's stderr, without their timestamps. */
function changes(err: string): string[] {
  return err.split('\n').filter((l) => / hpcq info \[[\w-]+\] job /.test(l)).map((l) => l.replace(/^\S+ /, ''));
}

describe('HPCQ_LOG=info, local', () => {
  it('one line per state change of a local job', async () => {
    const r = await runBin('main', ['submit', '--wait', '--qtype', 'local', '--filedir', cfg.dir, 'sh', '-c', 'exit 2'], { cwd: cfg.dir, env: { HPCQ_LOG: 'info', HPCQ_CONFIG: cfg.file } });
    expect(r.code).toBe(2);
    expect(changes(r.err)).toEqual([expect.stringMatching(/^hpcq info \[local-runner\] job local \S+: pending -> running$/), expect.stringMatching(/: running -> failed \(nonzero_exit\)$/)]);
  });
});

describeCluster('HPCQ_LOG=info and maxQueueLen on Slurm', () => {
  const jobs: Job[] = [];
  afterAll(async () => {
    await cancel(jobs.filter((j) => j.id && !isFinal(j.state))).catch(() => {});
  });

  it('one line per state change of a Slurm job, each state once', async () => {
    const r = await runBin('main', ['submit', '--wait', '--qtype', 'slurm', '--partition', testbed!.partition, '--filedir', cfg.dir, 'sleep 3'], { cwd: cfg.dir, env: { HPCQ_LOG: 'info', HPCQ_CONFIG: cfg.file } });
    expect(r.code).toBe(0);
    const lines = changes(r.err);
    const to = lines.map((l) => /-> (\w+)/.exec(l)![1]);
    expect(to.at(-1)).toBe('completed');
    expect(new Set(to).size).toBe(to.length);
    expect(lines.every((l) => l.startsWith('hpcq info [queue] job slurm '))).toBe(true);
  }, 120_000);

  describe('maxQueueLen', () => {
    const err = captureStderr('warn');
    it('says once that it waits for room, and when it submits', async () => {
      const opts = { qtype: 'slurm' as const, filedir: cfg.dir, partition: testbed!.partition, time: '5m', mem: 100 };
      const first = await submit('sleep 300', opts);
      jobs.push(first);
      // The testbed's queue is shared by every test logged in as the same user: the limit is one
      // more than the live jobs that are not ours, so ours fills it and its cancel makes room.
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
});

