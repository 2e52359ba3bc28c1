// Queue and the resolver's failure paths on the real Slurm testbed.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { QueueError } from '../../src/errors.js';
import { createPoller, Queue, getPoller } from '../../src/queue/index.js';
import type { Host } from '../../src/util/host.js';
import { createLocalHost } from '../../src/util/local-host.js';
import { describeCluster } from '../helpers/cluster.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

// Keep [queue] settings of these tests out of the home directory's config.
useFileTempConfig('hpcq-config-');

const submitted: string[] = [];
function sbatch(wrap: string, ...flags: string[]): string {
  const id = execFileSync('sbatch', ['--parsable', '-o', '/dev/null', '-J', 'hpcq-queue-test', ...flags, '--wrap', wrap], { encoding: 'utf8' }).trim();
  submitted.push(id);
  return id;
}

describe('Queue without a grid scheduler', () => {
  it('lists the local runner (empty when it keeps no listing)', async () => {
    const q = await new Queue({ qtype: 'local' }).update();
    expect(q.qtype).toBe('local');
    expect(q.canSubmit(1)).toBe(q.jobs.size < 1);
  });
});

afterAll(() => {
  // Jobs that already ended make scancel exit non-zero: nothing to clean then.
  if (submitted.length) spawnSync('scancel', submitted, { stdio: 'ignore' });
});

describeCluster('Queue on the Slurm testbed', () => {
  it('detects Slurm, lists the user\'s jobs and throttles submission', async () => {
    const held = sbatch('true', '-H');
    const q = new Queue();
    await q.update();
    expect(q.qtype).toBe('slurm');
    expect(q.jobs.get(held)).toMatchObject({ state: 'held', pendingReason: 'JobHeldUser' });
    expect(q.queued.some((j) => j.id === held)).toBe(true);
    expect(q.canSubmit(1)).toBe(false);
    expect(q.canSubmit(100_000)).toBe(true);
    await q.waitToSubmit(100_000);
    execFileSync('scancel', [held]);
    await q.wait(held, { timeout: 120_000 });
    expect(q.jobs.get(held)?.state).toBe('cancelled');
  }, 150_000);

  it('waits through the shared poller of the host', async () => {
    const id = sbatch('exit 2');
    const q = new Queue({ qtype: 'slurm' });
    await q.wait([id], { timeout: 120_000 });
    expect(q.jobs.get(id)).toMatchObject({ state: 'failed', reason: 'nonzero_exit', exitCode: 2 });
    expect(getPoller('slurm', createLocalHost()).latest(id)?.state).toBe('failed');
  }, 150_000);

  it('calls a job no source knows unknown / vanished, never completed', async () => {
    const poller = createPoller('slurm', createLocalHost(), { submitGraceMs: 0, statusGraceMs: 0 });
    const record = await poller.waitFor('999999990', { timeout: 30_000 });
    expect(record).toMatchObject({ state: 'unknown', reason: 'vanished', exitCode: null });
  }, 40_000);

  it('rejects waiters with QueueError naming the command and its stderr past the retry threshold', async () => {
    const local = createLocalHost();
    // A login environment where the Slurm commands cannot be found.
    const broken: Host = { ...local, name: 'no-slurm-on-path', run: (argv, opts) => local.run(argv, { ...opts, env: { PATH: '/nonexistent' } }) };
    const poller = createPoller('slurm', broken, { maxFailures: 2 });
    const err = await poller.waitFor('1', { timeout: 30_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueueError);
    expect((err as QueueError).command[0]).toBe('squeue');
    expect((err as QueueError).stderr).toMatch(/squeue/);
    expect((err as QueueError).message).toContain('squeue');
  }, 40_000);

  it('counts a squeue answer it cannot read as a failure (QueueError), instead of hanging', async () => {
    const local = createLocalHost();
    // A site wrapper that drops hpcq's format: a listing with ids but no state column.
    const run: Host['run'] = (argv, opts) => local.run(argv.map((a) => (a.startsWith('--format=') ? '--format=%i' : a)), opts);
    const poller = createPoller('slurm', { ...local, name: 'squeue-without-state', run }, { maxFailures: 2 });
    const id = sbatch('sleep 60');
    const err = await poller.waitFor(id, { timeout: 30_000 }).catch((e: unknown) => e);
    spawnSync('scancel', [id]);
    expect(err).toBeInstanceOf(QueueError);
    expect((err as QueueError).command[0]).toBe('squeue');
    expect((err as QueueError).stderr).toMatch(/cannot read/i);
  }, 40_000);
});

describeCluster('poller over the Torque commands of the testbed', () => {
  // The job ends as its wrapper does: the status file's exit is also the script's (accounting agrees).
  it('follows a qsub job to its exit status through its status file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hpcq-torque-'));
    const script = join(dir, 'job.sh');
    const status = join(dir, 'job.status');
    writeFileSync(script, `#!/bin/sh\necho start=$(date +%s) > ${status}\n(exit 5)\necho exit=$? >> ${status}\necho end=$(date +%s) >> ${status}\nexit 5\n`);
    const id = execFileSync('qsub', ['-o', '/dev/null', '-e', '/dev/null', script], { encoding: 'utf8', cwd: dir }).trim();
    submitted.push(id);
    const poller = createPoller('torque', createLocalHost());
    poller.track(id, { statusFile: status });
    // The testbed's two cores are shared with other tests: the job may wait a while to start.
    const record = await poller.waitFor(id, { timeout: 170_000 });
    expect(record).toMatchObject({ state: 'failed', reason: 'nonzero_exit', exitCode: 5 });
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  }, 180_000);
});
