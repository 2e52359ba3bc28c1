// The poller and resolver over a fake host with recorded outputs, under fake timers: backoff,
// failure threshold, the source order, "never assumed completed", and waitForRoom served by the cycles.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QueueError } from '../../src/errors.js';
import { createPoller } from '../../src/queue/index.js';
import { createFakeHost, sacctText, squeueText } from '../helpers/fake-host.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

useFileTempConfig('hpcq-poller-fake-');

const DOWN = { exitCode: 1, stderr: 'squeue: error: Unable to contact slurm controller (connect failure)' };

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubEnv('HPCQ_QUEUE_UPDATE', '8');
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe('poller backoff', () => {
  it('polls 1 s, 2 s, 4 s, 8 s apart while nothing changes, and starts over on a change', async () => {
    let state = 'PENDING';
    const host = createFakeHost({ squeue: () => ({ stdout: squeueText([['7', state]]) }) });
    const poller = createPoller('slurm', host);
    const start = Date.now();
    void poller.waitFor('7');
    await vi.advanceTimersByTimeAsync(1000 + 1000 + 2000 + 4000 + 8000 + 8000);
    const gaps = host.calls.map((c) => c.at - start);
    // The first cycle finds the job (a change), then nothing changes: 1, +1, +2, +4, +8, +8.
    expect(gaps).toEqual([1000, 2000, 4000, 8000, 16000, 24000]);
    state = 'RUNNING';
    await vi.advanceTimersByTimeAsync(8000);
    await vi.advanceTimersByTimeAsync(1000);
    expect(host.calls.map((c) => c.at - start).slice(6)).toEqual([32000, 33000]);
  });
});

describe('poller failure threshold', () => {
  it('rides out transient failures (the controller down) past maxFailures: only the outage deadline ends the wait', async () => {
    const host = createFakeHost({ squeue: () => DOWN });
    const poller = createPoller('slurm', host, { maxFailures: 3, outageDeadlineMs: 60_000 });
    let outcome: unknown;
    poller.waitFor('7').then((r) => (outcome = r), (e: unknown) => (outcome = e));
    await vi.advanceTimersByTimeAsync(50_000);
    expect(host.calls.length).toBeGreaterThan(3);
    expect(outcome).toBeUndefined();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(outcome).toBeInstanceOf(QueueError);
    expect((outcome as QueueError).transient).toBe(true);
    expect((outcome as QueueError).message).toMatch(/Slurm on fake-host did not answer for 1 min( \d+ s)?, past the outage deadline of 1 min/);
  });

  it('rejects waiters with a QueueError after maxFailures failures in a row that no retry fixes', async () => {
    const host = createFakeHost({ squeue: () => ({ exitCode: 127, stderr: 'bash: squeue: command not found' }) });
    const poller = createPoller('slurm', host, { maxFailures: 3 });
    let outcome: unknown;
    poller.waitFor('7').then((r) => (outcome = r), (e: unknown) => (outcome = e));
    await vi.advanceTimersByTimeAsync(1000 + 2000);
    expect(host.calls).toHaveLength(2);
    expect(outcome).toBeUndefined();
    await vi.advanceTimersByTimeAsync(4000);
    expect(host.calls).toHaveLength(3);
    expect(outcome).toBeInstanceOf(QueueError);
    expect((outcome as QueueError).transient).toBe(false);
    expect((outcome as QueueError).message).toMatch(/Reading the Slurm queue failed 3 times in a row/);
  });

  it('a success in between starts the count again', async () => {
    const missing = { exitCode: 127, stderr: 'bash: squeue: command not found' };
    const host = createFakeHost({ squeue: (_a, n) => (n % 2 === 0 ? { stdout: squeueText([['7', 'PENDING']]) } : missing) });
    const poller = createPoller('slurm', host, { maxFailures: 2 });
    let outcome: unknown;
    poller.waitFor('7').then((r) => (outcome = r), (e: unknown) => (outcome = e));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(host.calls.length).toBeGreaterThan(5);
    expect(outcome).toBeUndefined();
  });
});

describe('resolver', () => {
  it('asks accounting for a job that left the listing, with one command for all of them', async () => {
    const host = createFakeHost({
      squeue: () => ({ stdout: squeueText([]) }),
      sacct: () => ({ stdout: sacctText([['7', 'COMPLETED', '0:0'], ['8', 'FAILED', '3:0']]) }),
    });
    const poller = createPoller('slurm', host);
    const done = Promise.all([poller.waitFor('7'), poller.waitFor('8')]);
    await vi.advanceTimersByTimeAsync(1000);
    const [a, b] = await done;
    expect(a).toMatchObject({ state: 'completed', exitCode: 0 });
    expect(b).toMatchObject({ state: 'failed', reason: 'nonzero_exit', exitCode: 3 });
    expect(host.calls.map((c) => c.argv[0])).toEqual(['squeue', 'sacct']);
  });

  it('never calls a job no source knows completed: unknown / vanished after the grace windows', async () => {
    const host = createFakeHost({
      squeue: () => ({ exitCode: 1, stderr: 'slurm_load_jobs error: Invalid job id specified' }),
      sacct: () => ({ stdout: sacctText([]) }),
      scontrol: () => ({ exitCode: 1, stderr: 'slurm_load_jobs error: Invalid job id specified' }),
    });
    const poller = createPoller('slurm', host, { submitGraceMs: 5000, statusGraceMs: 5000 });
    let record: unknown;
    void poller.waitFor('9').then((r) => (record = r));
    await vi.advanceTimersByTimeAsync(4000);
    expect(record).toBeUndefined();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(record).toMatchObject({ state: 'unknown', reason: 'vanished', exitCode: null });
  });

  it('waits for accounting to write the exit code of a job the queue already shows failed', async () => {
    // slurmdbd lags under load: sacct lacks the job on its first two answers, then has its end.
    const host = createFakeHost({
      squeue: () => ({ stdout: squeueText([['8', 'FAILED', 'NonZeroExitCode']]) }),
      sacct: (_a, n) => ({ stdout: sacctText(n <= 2 ? [] : [['8', 'FAILED', '2:0']]) }),
    });
    const poller = createPoller('slurm', host);
    let record: unknown;
    void poller.waitFor('8').then((r) => (record = r));
    await vi.advanceTimersByTimeAsync(3000);
    expect(record).toBeUndefined();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(record).toMatchObject({ state: 'failed', reason: 'nonzero_exit', exitCode: 2 });
  });

  it('settles a job the queue shows failed without its exit code once accounting has lagged 15 s', async () => {
    const host = createFakeHost({
      squeue: () => ({ stdout: squeueText([['8', 'FAILED', 'NonZeroExitCode']]) }),
      sacct: () => ({ stdout: sacctText([]) }),
    });
    const poller = createPoller('slurm', host);
    let record: unknown;
    void poller.waitFor('8').then((r) => (record = r));
    await vi.advanceTimersByTimeAsync(12_000);
    expect(record).toBeUndefined();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(record).toMatchObject({ state: 'failed', exitCode: null });
  });

  it('settles a dependent whose dependency can never be satisfied as cancelled', async () => {
    const host = createFakeHost({ squeue: () => ({ stdout: squeueText([['5', 'PENDING', 'DependencyNeverSatisfied']]) }) });
    const poller = createPoller('slurm', host);
    const rec = poller.waitFor('5');
    await vi.advanceTimersByTimeAsync(1000);
    expect(await rec).toMatchObject({ state: 'cancelled', reason: 'dependency_never_satisfied' });
  });

  it('reads an empty Torque queue (qstat exits 153, prints nothing) as no jobs, not a failure', async () => {
    const host = createFakeHost({
      qstat: (argv) => (argv.includes('--version') ? { exitCode: 2, stderr: 'Unknown option: version' } : { exitCode: 153 }),
      sacct: () => ({ stdout: sacctText([['12', 'COMPLETED', '0:0']]) }),
    });
    const poller = createPoller('torque', host, { maxFailures: 1 });
    const rec = poller.waitFor('12');
    await vi.advanceTimersByTimeAsync(1000);
    // Slurm's Torque wrapper: its jobs' history is Slurm's accounting.
    expect(await rec).toMatchObject({ state: 'completed', exitCode: 0 });
  });
});

describe('waitForRoom', () => {
  it('is served by the poller cycles listing every job of the user', async () => {
    let live = 3;
    const host = createFakeHost({ squeue: () => ({ stdout: squeueText(Array.from({ length: live }, (_, i) => [String(100 + i), 'RUNNING'] as [string, string])) }) });
    const poller = createPoller('slurm', host);
    let room = false;
    void poller.waitForRoom(3).then(() => (room = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(host.calls).toHaveLength(1);
    expect(host.calls[0]!.argv.some((a) => a.startsWith('--jobs='))).toBe(false);
    expect(room).toBe(false);
    live = 2;
    // Nothing changed in the first cycle: the next one comes 2 s later.
    await vi.advanceTimersByTimeAsync(1999);
    expect(room).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(room).toBe(true);
    expect(host.calls).toHaveLength(2);
    // Nobody waits any more: the poller stops.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(host.calls).toHaveLength(2);
  });

  it('says once that a submit waits for room, naming the counts and the limit, and once when it goes on', async () => {
    vi.stubEnv('HPCQ_LOG', 'warn');
    const said: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (said.push(String(chunk)), true));
    let rows: [string, string][] = [['100', 'PENDING'], ['101', 'RUNNING'], ['102', 'COMPLETING'], ['103', 'COMPLETED']];
    const host = createFakeHost({ squeue: () => ({ stdout: squeueText(rows) }) });
    const poller = createPoller('slurm', host);
    let room = false;
    void poller.waitForRoom(3).then(() => (room = true));
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(2000);
    expect(room).toBe(false);
    rows = rows.slice(1);
    await vi.advanceTimersByTimeAsync(4000);
    vi.restoreAllMocks();
    expect(room).toBe(true);
    const lines = said.join('').split('\n').filter(Boolean).map((l) => l.replace(/^\S+ /, ''));
    // Ended jobs count for neither; completing ones still hold their resources.
    expect(lines).toEqual([
      'hpcq warn [queue] waiting to submit: 1 queued + 2 running jobs on slurm reach the limit of 3 (maxQueueLen, or [queue] max_jobs)',
      'hpcq warn [queue] the slurm queue has room again after 6 s; submitting',
    ]);
  });
});
