/** withArrayHistory: the ended tasks of listed arrays from a lagging history, never counted twice. */
import { describe, expect, it } from 'vitest';
import { foldArrays, isArraySummary } from '../../src/queue/array-fold.js';
import { withArrayHistory } from '../../src/queue/array-history.js';
import type { HistorySince, Scheduler } from '../../src/schedulers/scheduler.js';
import type { JobRecord, JobState } from '../../src/types.js';

const rec = (id: string, state: JobState, submitTime = new Date('2026-12-01T10:00:00')): JobRecord => {
  const [baseId, index] = id.split('_') as [string, string | undefined];
  return { id, baseId, ...(index !== undefined ? { arrayIndex: index.replace(/^\[|\]$/g, '') } : {}), state, rawState: state, exitCode: null, signal: null, submitTime };
};

/** A Scheduler whose history answers `past`, recording what it was asked. */
function withHistory(past: JobRecord[] | undefined): { scheduler: Scheduler; asked: HistorySince[] } {
  const asked: HistorySince[] = [];
  const history = past && (async (o: HistorySince): Promise<JobRecord[]> => (asked.push(o), past));
  return { scheduler: { ...(history ? { history } : {}) } as unknown as Scheduler, asked };
}

describe('withArrayHistory', () => {
  it("adds ended tasks squeue forgot, ignoring accounting's stale range and live rows, since the oldest array's submit", async () => {
    const live = [rec('9_[5-199%5]', 'pending'), rec('9_3', 'running'), rec('9_4', 'running', new Date('2026-12-01T09:00:00')), rec('10', 'running')];
    const past = [rec('9_[0-199%5]', 'pending'), rec('9_0', 'completed'), rec('9_1', 'failed'), rec('9_2', 'completed'), rec('9_3', 'running'), rec('9_7', 'completed'), rec('8_0', 'completed')];
    const { scheduler, asked } = withHistory(past);
    const merged = await withArrayHistory(live, scheduler, { user: 'ann' });
    const [job, array] = [foldArrays(merged).find((e) => !isArraySummary(e)), foldArrays(merged).find(isArraySummary)];
    expect(array).toMatchObject({ baseId: '9', count: 200, counts: { completed: 2, failed: 1, running: 2, pending: 195 } });
    expect(job?.id).toBe('10');
    expect(merged.some((r) => r.baseId === '8')).toBe(false);
    expect(asked).toEqual([{ since: '2026-12-01T09:00:00', user: 'ann' }]);
  });

  it('asks nothing when no array is listed or the scheduler keeps no history', async () => {
    const plain = withHistory([rec('9_0', 'completed')]);
    const jobs = [rec('10', 'running')];
    expect(await withArrayHistory(jobs, plain.scheduler)).toBe(jobs);
    expect(plain.asked).toEqual([]);
    const arrays = [rec('9_1', 'running')];
    expect(await withArrayHistory(arrays, withHistory(undefined).scheduler)).toBe(arrays);
  });
});
