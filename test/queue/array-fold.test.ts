/** Folding a queue listing's arrays (recorded squeue and Grid Engine qstat -xml output). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeCounts, foldArrays, isArraySummary, type ArraySummary } from '../../src/queue/array-fold.js';
import { countIndexRange, inIndexRange } from '../../src/queue/merge.js';
import { parseSgeQstat } from '../../src/schedulers/sge/index.js';
import { parseSqueue } from '../../src/schedulers/slurm/squeue.js';
import { parseQstat } from '../../src/schedulers/torque/qstat.js';
import type { JobRecord } from '../../src/types.js';

const fixture = (path: string): string => readFileSync(join(import.meta.dirname, '..', 'fixtures', path), 'utf8');
const arrays = (entries: ReturnType<typeof foldArrays>): ArraySummary[] => entries.filter(isArraySummary);

describe('countIndexRange', () => {
  it('counts ranges, lists, steps and %-limited ranges without expanding them', () => {
    expect(countIndexRange('5-999%10')).toBe(995);
    expect(countIndexRange('1,3,5-7')).toBe(5);
    expect(countIndexRange('0-10:5')).toBe(3);
    expect(countIndexRange('1-10:2')).toBe(5);
    expect(countIndexRange('7')).toBe(1);
    expect(countIndexRange('0-99999999')).toBe(100_000_000);
    expect(inIndexRange('0-10:5', 10)).toBe(true);
    expect(inIndexRange('0-10:5', 9)).toBe(false);
  });
});

describe('foldArrays', () => {
  it('folds squeue (SchedMD docs) 1080_[5-1024] and its 4 running tasks into one line of 1024 tasks', () => {
    const [a, ...rest] = foldArrays(parseSqueue(fixture('slurm/public-schedmd-squeue-array-pending-range.txt')));
    expect(rest).toEqual([]);
    expect(a).toMatchObject({ kind: 'array', id: '1080_[1-1024]', baseId: '1080', name: 'tmp', count: 1024, counts: { running: 4, pending: 1020 }, first: 1, last: 1024 });
    expect(describeCounts((a as ArraySummary).counts)).toBe('4 running, 1020 pending');
    expect((a as ArraySummary).tasks).toBeUndefined();
  });

  it('folds the testbed squeue %-limited range with its running task, and keeps the records with expand', () => {
    const records = parseSqueue(fixture('slurm/testbed-squeue-hpcq-format-array-running.txt'));
    const [a] = arrays(foldArrays(records, { expand: true }));
    expect(a).toMatchObject({ id: '123_[0-5]', count: 6, counts: { running: 1, pending: 5 }, pendingReason: 'Resources' });
    expect(a!.tasks!.map((t) => t.id)).toEqual(['123_0', '123_[1-5%2]']);
  });

  it('folds Grid Engine qstat -xml: array 55 (2 running, tasks 3,4 pending) is one entry among plain jobs', () => {
    const records = parseSgeQstat(fixture('sge/testbed-qstat-xml-live.txt'));
    const entries = foldArrays(records);
    const a = arrays(entries).find((e) => e.baseId === '55')!;
    expect(a).toMatchObject({ name: 'rec-array-running', count: 4, counts: { running: 2, pending: 2 }, first: 1, last: 4 });
    expect(a.id).toBe('55.[1-4]');
    const plain = entries.filter((e) => !isArraySummary(e)) as JobRecord[];
    expect(plain.map((r) => r.id)).toEqual(records.filter((r) => r.arrayIndex === undefined).map((r) => r.id));
  });

  it('folds Torque qstat -x (fyrd recording): the head 673175[] and tasks 673175[N] are one entry named by the head', () => {
    const entries = foldArrays(parseQstat(fixture('torque/public-fyrd-qstat-x-running-queued-completed-array.txt')));
    expect(entries.map((e) => e.id)).toEqual(['665199.superserver.stanford.edu', '667999.superserver.stanford.edu', '673174.superserver.stanford.edu', '673175[19-20].fruster.stanford.edu']);
    expect(arrays(entries)[0]).toMatchObject({ baseId: '673175', name: 't.sh', count: 2, counts: { completed: 2 }, state: 'completed' });
  });

  it('counts ended tasks next to a range, worst state for an ended array', () => {
    const rec = (id: string, arrayIndex: string, state: JobRecord['state']): JobRecord => ({ id, baseId: '9', arrayIndex, state, rawState: state, exitCode: null, signal: null });
    const [live] = arrays(foldArrays([rec('9_0', '0', 'completed'), rec('9_1', '1', 'failed'), rec('9_2', '2', 'running'), rec('9_[3-999%10]', '3-999%10', 'pending')]));
    expect(describeCounts(live!.counts)).toBe('1 completed, 1 failed, 1 running, 997 pending');
    expect([live!.id, live!.count, live!.state]).toEqual(['9_[0-999]', 1000, 'pending']);
    const [ended] = arrays(foldArrays([rec('9_0', '0', 'completed'), rec('9_1', '1', 'failed')]));
    expect(ended!.state).toBe('failed');
  });
});
