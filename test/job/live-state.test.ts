import { describe, expect, it } from 'vitest';
import { LiveState, relabelCancelled } from '../../src/job/live-state.js';
import type { JobRecord, JobState } from '../../src/types.js';

const rec = (state: JobState, extra: Partial<JobRecord> = {}): JobRecord => ({ id: '7', baseId: '7', state, rawState: state, exitCode: null, signal: null, ...extra });

describe('LiveState', () => {
  it('reads the tracker until final, then never asks again', () => {
    let latest: JobRecord | undefined = rec('running');
    let asked = 0;
    const live = new LiveState(() => (asked++, latest));
    expect(live.state).toBe('pending');
    expect(asked).toBe(0);
    expect(live.fresh().state).toBe('running');
    latest = rec('failed', { reason: 'nonzero_exit', exitCode: 3 });
    expect(live.fresh()).toMatchObject({ state: 'failed', reason: 'nonzero_exit', exitCode: 3 });
    latest = rec('completed', { exitCode: 0 });
    expect(live.fresh()).toMatchObject({ state: 'failed', exitCode: 3 });
    expect(asked).toBe(2);
  });

  it('never moves back except a requeue, and keeps a known exit code over a record without one', () => {
    const live = new LiveState(() => undefined);
    live.take(rec('completing', { exitCode: 0 }));
    live.take(rec('running'));
    expect(live.state).toBe('completing');
    live.take(rec('pending'));
    expect(live).toMatchObject({ state: 'pending', exitCode: 0 });
  });

  it('relabels a kill hpcq asked for as cancelled, and takes the status file only for an unknown end', () => {
    let cancelRequested = false;
    const live = new LiveState(() => undefined, (r) => relabelCancelled(r, cancelRequested));
    cancelRequested = true;
    live.take(rec('unknown'));
    expect(live).toMatchObject({ state: 'cancelled', reason: undefined });
    const lost = new LiveState(() => undefined);
    lost.take(rec('unknown', { reason: 'vanished' }));
    lost.endFromStatus({ exitCode: 0, signal: null, finished: true });
    expect(lost).toMatchObject({ state: 'completed', exitCode: 0 });
    expect(relabelCancelled(rec('failed', { reason: 'signal' }), false)).toMatchObject({ state: 'failed', reason: 'signal' });
  });
});
