/**
 * Transient vs permanent scheduler errors in the one command runner: what is retried (with
 * backoff and jitter), what is not, and what a refusal says. Fake hosts replay recorded stderr.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RemoteError, SubmitError } from '../../src/errors.js';
import { createBatchScheduler } from '../../src/queue/batch-scheduler.js';
import { createCommandRunner, type RunnerClock } from '../../src/schedulers/command-runner.js';
import { getBackend } from '../../src/schedulers/registry.js';
import type { Host, RunResult } from '../../src/util/host.js';

const FIXTURES = '/work/shared/fixtures/slurm';
const fixture = (name: string): string => readFileSync(`${FIXTURES}/${name}`, 'utf8');

/** A host whose commands give `answers` in turn (an Error is thrown, like a dropped SSH connection). */
function replay(answers: Array<Partial<RunResult> | Error>): { host: Host; calls: string[][] } {
  const calls: string[][] = [];
  const host = {
    name: 'replay',
    remote: true,
    async run(argv: string[]): Promise<RunResult> {
      calls.push(argv);
      const next = answers[Math.min(calls.length, answers.length) - 1]!;
      if (next instanceof Error) throw next;
      return { command: argv, exitCode: 0, stdout: '', stderr: '', ...next };
    },
  } as unknown as Host;
  return { host, calls };
}

/** A clock that does not sleep, but remembers the pauses asked for. */
function clock(): RunnerClock & { pauses: number[] } {
  const pauses: number[] = [];
  return { pauses, sleep: async (ms) => void pauses.push(ms), now: () => 0, random: Math.random };
}

const slurm = getBackend('slurm');
const runner = (host: Host, c = clock()) => createCommandRunner(slurm, host, /^SLURM_/, c);
const OK_SUBMIT = { stdout: 'Submitted batch job 42\n' };
const submission = { name: 'job1', script: '/tmp/x/job1.sbatch', cwd: '/tmp/x', depends: {} };

describe('transient scheduler errors are retried', () => {
  it.each([
    ['Socket timed out', 'squeue: error: Socket timed out on send/recv operation'],
    ['controller down', 'squeue: error: slurm_load_jobs error: Unable to contact slurm controller (connect failure)'],
    ['controller busy', 'sbatch: error: Batch job submission failed: Resource temporarily unavailable'],
    ['slurmctld not responding', 'squeue: error: slurmctld not responding, retrying'],
    ['slurmdbd down', 'sacct: error: Problem talking to the database: Connection refused'],
  ])('%s: tried again after a jittered backoff, then succeeds', async (_, stderr) => {
    const { host, calls } = replay([{ exitCode: 1, stderr }, { exitCode: 1, stderr }, { stdout: 'ok' }]);
    const c = clock();
    const result = await runner(host, c).run(['squeue']);
    expect(result.stdout).toBe('ok');
    expect(calls).toHaveLength(3);
    // 1 s then 2 s, each within ±25 %.
    expect(c.pauses[0]).toBeGreaterThanOrEqual(750);
    expect(c.pauses[0]).toBeLessThanOrEqual(1250);
    expect(c.pauses[1]).toBeGreaterThanOrEqual(1500);
    expect(c.pauses[1]).toBeLessThanOrEqual(2500);
  });

  it('retries a dropped SSH connection (RemoteError with transient) for a listing', async () => {
    const lost = new RemoteError('Connection to me@login:22 was lost while running: squeue', { transient: true });
    const { host, calls } = replay([lost, { stdout: 'ok' }]);
    expect((await runner(host).run(['squeue'])).stdout).toBe('ok');
    expect(calls).toHaveLength(2);
  });

  it('does not retry an SSH failure a retry cannot fix (authentication)', async () => {
    const { host, calls } = replay([new RemoteError('SSH authentication as me on login:22 failed'), { stdout: 'ok' }]);
    await expect(runner(host).run(['squeue'])).rejects.toMatchObject({ transient: false });
    expect(calls).toHaveLength(1);
  });

  it('submits again when the controller could not be reached, so the job was not taken', async () => {
    const { host, calls } = replay([{ exitCode: 1, stderr: 'sbatch: error: Batch job submission failed: Unable to contact slurm controller (connect failure)' }, OK_SUBMIT]);
    const s = createBatchScheduler(slurm, host, { clock: clock() });
    expect(await s.submit(submission)).toBe('42');
    expect(calls).toHaveLength(2);
  });

  it('never repeats a submit that may have reached the scheduler (timed out, or the connection dropped mid-run)', async () => {
    for (const first of [{ exitCode: 124, stderr: 'hpcq: timed out after 60000 ms' }, new RemoteError('Connection to me@login:22 was lost while running: sbatch', { transient: true })]) {
      const { host, calls } = replay([first, OK_SUBMIT]);
      const s = createBatchScheduler(slurm, host, { clock: clock() });
      const err = await s.submit(submission).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SubmitError);
      expect((err as SubmitError).transient).toBe(true);
      expect(calls).toHaveLength(1);
    }
  });
});

describe('permanent refusals are not retried and quote the scheduler', () => {
  it.each([
    ['invalid partition', 'qtoolkit-sbatch-invalid-partition-stderr.txt', 'Slurm refused job job1: Batch job submission failed: Invalid partition name specified'],
    ['QOS limit', 'firecrest-sbatch-qos-limit-stderr.txt', "Slurm refused job job1: Batch job submission failed: Job violates accounting/QOS policy (job submit limit, user's size and/or time limits)"],
    ['bad account', undefined, 'Slurm refused job job1: Batch job submission failed: Invalid account or account/partition combination specified'],
  ])('%s', async (_, file, summary) => {
    const stderr = file ? fixture(file) : 'sbatch: error: Batch job submission failed: Invalid account or account/partition combination specified\n';
    const { host, calls } = replay([{ exitCode: 1, stderr }, OK_SUBMIT]);
    const s = createBatchScheduler(slurm, host, { clock: clock() });
    const err = await s.submit(submission).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SubmitError);
    expect((err as SubmitError).transient).toBe(false);
    expect((err as SubmitError).message.split('\n')[0]).toBe(summary);
    expect((err as SubmitError).stderr).toBe(stderr);
    expect(calls).toHaveLength(1);
  });

  it('a refusal wins over a transient-looking word in the same message', async () => {
    const stderr = 'sbatch: error: QOSMaxSubmitJobPerUserLimit\nsbatch: error: Batch job submission failed: Resource temporarily unavailable';
    const { host, calls } = replay([{ exitCode: 1, stderr }, OK_SUBMIT]);
    await expect(createBatchScheduler(slurm, host, { clock: clock() }).submit(submission)).rejects.toBeInstanceOf(SubmitError);
    expect(calls).toHaveLength(1);
  });
});
