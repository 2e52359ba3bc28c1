/**
 * A wait rides out a scheduler outage up to its deadline (src/queue/outage.ts), on a fake host
 * that answers like squeue does, under fake timers: hours of outage take milliseconds.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QueueError } from '../../src/errors.js';
import { createBatchScheduler } from '../../src/queue/batch-scheduler.js';
import { getBackend } from '../../src/schedulers/registry.js';
import type { Host } from '../../src/util/host.js';
import { createFakeHost, squeueText, type Answer } from '../helpers/fake-host.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

useFileTempConfig('hpcq-outage-');

const DOWN = 'squeue: error: slurm_load_jobs error: Unable to contact slurm controller (connect failure)\n';
const MIN = 60_000;

/** A squeue that fails between `down` and `up` (ms since the start), and lists `states(t)` otherwise. */
function fakeSlurm(opts: { down: number; up: number; states(t: number): Record<string, string>; failure?: Answer }) {
  const t0 = Date.now();
  const host = createFakeHost(
    {
      sacct: () => ({ exitCode: 1, stderr: 'sacct: error: Problem talking to the database: Connection refused\n' }),
      squeue: () => {
        const t = Date.now() - t0;
        if (t >= opts.down && t < opts.up) return opts.failure ?? { exitCode: 1, stderr: DOWN };
        return { stdout: squeueText(Object.entries(opts.states(t))) };
      },
    },
    'fake-login',
  );
  return { host, squeues: () => host.calls.filter((c) => c.argv[0] === 'squeue').length };
}

let logged: string[] = [];
beforeEach(() => {
  vi.useFakeTimers();
  logged = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (logged.push(String(chunk)), true));
  // The default level: whatever the developer's shell says, HPCQ_LOG is unset here.
  vi.stubEnv('HPCQ_LOG', undefined);
  vi.stubEnv('HPCQ_QUEUE_UPDATE', '10');
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const scheduler = (host: Host, poller = {}) => createBatchScheduler(getBackend('slurm'), host, { poller: { submitGraceMs: 0, ...poller } });

describe('a wait during a scheduler outage', () => {
  it('ends every job in its right state when the outage is shorter than the default deadline', async () => {
    // Down from 1 min to 41 min (40 min, under the one hour default); the jobs end while it is down.
    const { host, squeues } = fakeSlurm({ down: MIN, up: 41 * MIN, states: (t) => (t < 20 * MIN ? { 1: 'RUNNING', 2: 'PENDING', 3: 'PENDING' } : { 1: 'COMPLETED', 2: 'FAILED', 3: 'CANCELLED' }) });
    const s = scheduler(host);
    const waits = Promise.all(['1', '2', '3'].map((id) => s.waitFor(id)));
    await vi.advanceTimersByTimeAsync(45 * MIN);
    const records = await waits;
    expect(records.map((r) => r.state)).toEqual(['completed', 'failed', 'cancelled']);
    const down = logged.filter((l) => /is not answering/.test(l));
    const up = logged.filter((l) => /answers again/.test(l));
    // Said once each, at the default level, with what failed and how long it lasted.
    expect(down).toHaveLength(1);
    expect(down[0]).toMatch(/^\S+Z hpcq warn \[queue\] Slurm on fake-login is not answering: squeue .*Unable to contact slurm controller/);
    expect(up).toHaveLength(1);
    expect(up[0]).toMatch(/answers again after 40 min/);
    // It kept polling through the outage rather than giving up (every 10 s at most).
    expect(squeues()).toBeGreaterThan(200);
  });

  it('rejects with a QueueError naming the command and what it printed once the outage passes the deadline', async () => {
    const { host } = fakeSlurm({ down: MIN, up: Infinity, states: () => ({ 7: 'RUNNING' }) });
    const s = scheduler(host);
    let settled: unknown;
    const wait = s.waitFor('7', { outageDeadline: 5 * MIN }).then((r) => (settled = r), (e: unknown) => (settled = e));
    await vi.advanceTimersByTimeAsync(5 * MIN);
    expect(settled).toBeUndefined();
    await vi.advanceTimersByTimeAsync(MIN + 15_000);
    await wait;
    expect(settled).toBeInstanceOf(QueueError);
    const err = settled as QueueError;
    expect(err.command[0]).toBe('squeue');
    expect(err.stderr).toContain('Unable to contact slurm controller');
    expect(err.transient).toBe(true);
    expect(err.message).toMatch(/did not answer for 5 min( \d+ s)?, past the outage deadline of 5 min/);
    expect(err.message).toContain('stderr: squeue: error: slurm_load_jobs error');
    expect(logged.filter((l) => /is not answering/.test(l))).toHaveLength(1);
  });

  it('holds each wait to its own deadline, the config default for the others', async () => {
    vi.stubEnv('HPCQ_OUTAGE_DEADLINE', '600');
    const { host } = fakeSlurm({ down: 0, up: 20 * MIN, states: () => ({ 8: 'COMPLETED', 9: 'COMPLETED' }) });
    const s = scheduler(host);
    const short = s.waitFor('8').catch((e: unknown) => e);
    const long = s.waitFor('9', { outageDeadline: 30 * MIN });
    await vi.advanceTimersByTimeAsync(25 * MIN);
    expect(await short).toBeInstanceOf(QueueError);
    expect((await long).state).toBe('completed');
  });

  it('gives up after a few polls when the failure is not transient (squeue missing), deadline or not', async () => {
    const failure = { exitCode: 127, stderr: 'bash: squeue: command not found\n' };
    const { host, squeues } = fakeSlurm({ down: 0, up: Infinity, states: () => ({}), failure });
    const s = scheduler(host, { maxFailures: 3 });
    let pollsBefore = 0;
    const err = s.waitFor('5').catch((e: unknown) => ((pollsBefore = squeues()), e));
    await vi.advanceTimersByTimeAsync(2 * MIN);
    expect(await err).toBeInstanceOf(QueueError);
    expect(((await err) as QueueError).message).toMatch(/failed 3 times in a row/);
    expect(pollsBefore).toBe(3);
  });
});
