// The one command runner: transient retry with backoff and jitter, a deadline, error mapping, env stripping, command directories.
import { describe, expect, it } from 'vitest';
import { CommandError, QueueError, SubmitError } from '../../src/errors.js';
import { backoffMs, createCommandRunner, schedulerEnvPattern, type RunnerClock } from '../../src/schedulers/command-runner.js';
import { BACKENDS, getBackend } from '../../src/schedulers/registry.js';
import { createFakeHost } from '../helpers/fake-host.js';

const slurm = getBackend('slurm');
const DOWN = { exitCode: 1, stderr: 'sbatch: error: Batch job submission failed: Socket timed out on send/recv operation' };

/** A clock that only records the pauses asked for. */
function fakeClock(random = 0.5): RunnerClock & { pauses: number[]; t: number } {
  const clock = { pauses: [] as number[], t: 0, now: () => clock.t, random: () => random, sleep: async (ms: number) => void (clock.pauses.push(ms), (clock.t += ms)) };
  return clock;
}

describe('command runner', () => {
  it('retries a transient failure with doubling pauses, then succeeds', async () => {
    const host = createFakeHost({ sbatch: (_a, n) => (n < 3 ? DOWN : { stdout: '42\n' }) });
    const clock = fakeClock();
    const result = await createCommandRunner(slurm, host, /^$/, clock).run(['sbatch', 'x'], { kind: 'submit' });
    expect(result.stdout).toBe('42\n');
    expect(host.calls).toHaveLength(3);
    expect(clock.pauses).toEqual([1000, 2000]);
  });

  it('spreads pauses by ±25 % so clients do not retry in step', () => {
    expect(backoffMs(1, () => 0)).toBe(750);
    expect(backoffMs(1, () => 1)).toBe(1250);
    expect(backoffMs(3, () => 0.5)).toBe(4000);
    expect(backoffMs(20, () => 0.5)).toBe(30_000);
  });

  it('gives up after the attempts with the error of its kind, marked transient', async () => {
    const host = createFakeHost({ sbatch: () => DOWN, squeue: () => DOWN });
    const runner = createCommandRunner(slurm, host, /^$/, fakeClock());
    const submit = await runner.run(['sbatch', 'x'], { kind: 'submit', attempts: 2 }).catch((e: unknown) => e);
    expect(submit).toBeInstanceOf(SubmitError);
    expect((submit as SubmitError).transient).toBe(true);
    expect(host.calls).toHaveLength(2);
    expect(await runner.run(['squeue'], { kind: 'queue', attempts: 1 }).catch((e: unknown) => e)).toBeInstanceOf(QueueError);
  });

  it('does not retry a refusal', async () => {
    const host = createFakeHost({ sbatch: () => ({ exitCode: 1, stderr: 'sbatch: error: invalid partition specified: nope' }) });
    const err = await createCommandRunner(slurm, host, /^$/, fakeClock()).run(['sbatch', 'x'], { kind: 'submit', what: 'refused' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SubmitError);
    expect((err as SubmitError).transient).toBe(false);
    expect((err as SubmitError).message).toMatch(/^refused\n  command: sbatch x/);
    expect(host.calls).toHaveLength(1);
  });

  it('keeps retrying until the deadline, whatever the attempts say', async () => {
    const host = createFakeHost({ squeue: () => DOWN });
    const clock = fakeClock();
    const err = await createCommandRunner(slurm, host, /^$/, clock).run(['squeue'], { kind: 'queue', attempts: 1, retryUntil: 20_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueueError);
    expect(clock.t).toBe(20_000);
    expect(host.calls.length).toBeGreaterThan(4);
  });

  it('accepts a failed answer the caller calls an answer, and maps a missing command', async () => {
    const host = createFakeHost({ scancel: () => ({ exitCode: 1, stderr: 'scancel: error: Invalid job id specified' }) });
    const runner = createCommandRunner(slurm, host, /^$/, fakeClock());
    expect((await runner.run(['scancel', '1'], { accept: (r) => slurm.messages.noSuchJob.test(r.stderr) })).exitCode).toBe(1);
    expect(await runner.run(['sacct']).catch((e: unknown) => e)).toBeInstanceOf(CommandError);
  });

  it('strips every scheduler job variable but keeps client configuration', () => {
    const strip = schedulerEnvPattern(BACKENDS);
    for (const name of ['SLURM_JOB_ID', 'SBATCH_PARTITION', 'PBS_JOBID', 'SRUN_DEBUG']) expect(strip.test(name)).toBe(true);
    for (const name of ['SLURM_CONF', 'PATH', 'HOME', 'MY_SLURM_X']) expect(strip.test(name)).toBe(false);
  });

  it('runs the back-end commands from the configured directory', async () => {
    const host = createFakeHost({ qstat: () => ({ stdout: '' }) });
    const saved = process.env.HPCQ_TORQUE_BIN;
    process.env.HPCQ_TORQUE_BIN = '/opt/torque/bin';
    try {
      await createCommandRunner(getBackend('torque'), host, /^$/, fakeClock()).run(['qstat', '-x']);
      await createCommandRunner(getBackend('torque'), host, /^$/, fakeClock()).run(['sacct']).catch(() => undefined);
    } finally {
      if (saved === undefined) delete process.env.HPCQ_TORQUE_BIN;
      else process.env.HPCQ_TORQUE_BIN = saved;
    }
    expect(host.calls.map((c) => c.argv[0])).toEqual(['/opt/torque/bin/qstat', 'sacct']);
  });
});
