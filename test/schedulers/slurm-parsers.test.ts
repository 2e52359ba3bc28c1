// Slurm parsers over real recorded output: the testbed's (Slurm 22.05.8) and public recordings.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.js';
import { parseSacct, parseScontrol, parseSqueue, parseSubmitOutput } from '../../src/schedulers/index.js';
import type { JobRecord } from '../../src/types.js';

const dir = join(import.meta.dirname, '..', 'fixtures', 'slurm');
const fixture = (name: string) => readFileSync(join(dir, name), 'utf8');
/** Job ids of the testbed recording, by role (rec-ok, rec-fail, ...). */
const ids = Object.fromEntries(
  fixture('testbed-job-ids.txt')
    .split(/\s+/)
    .filter(Boolean)
    .map((kv) => kv.split('=') as [string, string]),
);
const byId = (records: JobRecord[], id: string) => {
  const r = records.find((x) => x.id === id);
  if (!r) throw new Error(`no record ${id} in ${records.map((x) => x.id).join(',')}`);
  return r;
};
const brief = (r: JobRecord) => ({ state: r.state, reason: r.reason, exitCode: r.exitCode, signal: r.signal });

describe('parseSacct on the testbed recording', () => {
  const all = parseSacct(fixture('testbed-sacct-P-all-states.txt'));

  it.each([
    ['ok', { state: 'completed', reason: undefined, exitCode: 0, signal: null }],
    ['fail', { state: 'failed', reason: 'nonzero_exit', exitCode: 3, signal: null }],
    // FAILED 0:9 on the job, CANCELLED on its .batch step: a signal.
    ['signal', { state: 'failed', reason: 'signal', exitCode: 137, signal: 9 }],
    // OUT_OF_MEMORY 0:125: 125 is Slurm's marker, not a signal.
    ['oom', { state: 'failed', reason: 'out_of_memory', exitCode: null, signal: null }],
    ['timeout', { state: 'failed', reason: 'timeout' }],
    ['cancel', { state: 'cancelled' }],
    ['parent', { state: 'failed', reason: 'nonzero_exit', exitCode: 1, signal: null }],
  ])('%s', (role, expected) => {
    expect(brief(byId(all, ids[role]!))).toMatchObject(expected);
  });

  it('folds steps into their job and keeps array tasks apart', () => {
    expect(all.some((r) => /\.(batch|extern|\d+)$/.test(r.id))).toBe(false);
    const tasks = all.filter((r) => r.baseId === ids.array && r.arrayIndex !== undefined);
    expect(tasks.map((t) => t.arrayIndex).sort()).toEqual(['0', '1', '2', '3', '4', '5']);
    for (const t of tasks) {
      expect(t.state).toBe(Number(t.arrayIndex) % 2 ? 'failed' : 'completed');
      expect(t.exitCode).toBe(Number(t.arrayIndex) % 2);
    }
  });

  it('reads a cancelled job that never ran and the never-satisfied dependency as cancelled', () => {
    expect(byId(all, ids.child!).state).toBe('cancelled');
    expect(byId(all, ids.hold!).state).toBe('cancelled');
  });

  it('reads --parsable (trailing |) and the aligned table (with its ruler) the same way', () => {
    const p = parseSacct(fixture('testbed-sacct-p-all-states.txt'));
    expect(p.map(brief)).toEqual(all.map(brief));
    const aligned = parseSacct(fixture('testbed-sacct-aligned-all-states.txt'));
    expect(brief(byId(aligned, ids.fail!))).toEqual(brief(byId(all, ids.fail!)));
    expect(byId(aligned, ids.timeout!).reason).toBe('timeout');
  });

  it('reads --long with OOM and signal rows', () => {
    const long = parseSacct(fixture('testbed-sacct-long-oom-signal.txt'));
    expect(brief(byId(long, ids.oom!))).toMatchObject({ state: 'failed', reason: 'out_of_memory' });
    expect(brief(byId(long, ids.signal!))).toMatchObject({ reason: 'signal', signal: 9 });
  });

  it('sees pending reasons sacct keeps, held and suspended jobs', () => {
    const live = parseSacct(fixture('testbed-sacct-P-pending-held-suspended.txt'));
    expect(byId(live, ids.hold!)).toMatchObject({ state: 'held', pendingReason: 'JobHeldUser' });
    expect(byId(live, ids.suspend!).state).toBe('suspended');
  });

  it('keeps the live record of a requeued job listed twice (--duplicates)', () => {
    const rq = parseSacct(fixture('testbed-sacct-P-D-requeued.txt'));
    expect(rq).toHaveLength(1);
    expect(rq[0]!.state).toBe('pending');
  });

  it('reads headerless public output by its cells', () => {
    const slyme = parseSacct(fixture('public-slyme-sacct-noheader-P-parallel-completed.txt'));
    expect(slyme).toHaveLength(1);
    expect(brief(slyme[0]!)).toMatchObject({ state: 'completed', exitCode: 0 });
    expect(slyme[0]!.id).toBe('77454');
  });
});

describe('parseSqueue on the testbed recording', () => {
  it('reads final states while the controller still lists them', () => {
    const fin = parseSqueue(fixture('testbed-squeue-hpcq-format-final-states.txt'));
    expect(byId(fin, ids.ok!)).toMatchObject({ state: 'completed', exitCode: 0 });
    expect(byId(fin, ids.fail!)).toMatchObject({ state: 'failed', reason: 'nonzero_exit', exitCode: null });
    expect(byId(fin, ids.oom!)).toMatchObject({ state: 'failed', reason: 'out_of_memory' });
    expect(byId(fin, ids.cancel!).state).toBe('cancelled');
    expect(byId(fin, ids.timeout!)).toMatchObject({ state: 'failed', reason: 'timeout', name: 'rec-timeout', nodes: ['vm'] });
  });

  it('reads pending, held, suspended and never-satisfied jobs', () => {
    const live = parseSqueue(fixture('testbed-squeue-hpcq-format-live.txt'));
    expect(byId(live, ids.hold!)).toMatchObject({ state: 'held', pendingReason: 'JobHeldUser' });
    expect(byId(live, ids.suspend!).state).toBe('suspended');
    expect(byId(live, ids.child!)).toMatchObject({ state: 'pending', pendingReason: 'DependencyNeverSatisfied' });
  });

  it('reads the default layout with NODELIST(REASON) and array ranges', () => {
    const live = parseSqueue(fixture('testbed-squeue-default-live.txt'));
    expect(byId(live, ids.hold!)).toMatchObject({ state: 'held', pendingReason: 'JobHeldUser' });
    const arr = parseSqueue(fixture('testbed-squeue-default-array.txt'));
    const range = arr.find((r) => r.arrayIndex?.includes('%'))!;
    expect(range).toMatchObject({ baseId: ids.array, state: 'pending', pendingReason: 'Resources' });
    const own = parseSqueue(fixture('testbed-squeue-hpcq-format-array-running.txt'));
    expect(own.map((r) => r.baseId)).toEqual([ids.array, ids.array]);
  });

  it('reads a requeued job', () => {
    const rq = parseSqueue(fixture('testbed-squeue-hpcq-format-requeued.txt'));
    expect(rq).toHaveLength(1);
    expect(['pending', 'completing']).toContain(rq[0]!.state);
  });
});

describe('parseScontrol', () => {
  it('reads the multi-line form: timeout, held, never satisfied, requeued', () => {
    expect(brief(parseScontrol(fixture('testbed-scontrol-show-job-timeout.txt'))[0]!)).toMatchObject({
      state: 'failed',
      reason: 'timeout',
      signal: 15,
    });
    expect(parseScontrol(fixture('testbed-scontrol-show-job-held.txt'))[0]).toMatchObject({ state: 'held', pendingReason: 'JobHeldUser' });
    expect(parseScontrol(fixture('testbed-scontrol-show-job-dependency-never-satisfied.txt'))[0]).toMatchObject({
      state: 'pending',
      pendingReason: 'DependencyNeverSatisfied',
    });
    expect(parseScontrol(fixture('testbed-scontrol-show-job-requeued.txt'))).toHaveLength(1);
  });

  it('reads many records: array tasks keep their array id', () => {
    const arr = parseScontrol(fixture('testbed-scontrol-show-job-array.txt'));
    expect(arr.length).toBeGreaterThan(1);
    for (const r of arr) expect(r.baseId).toBe(ids.array);
    expect(arr.some((r) => r.id === `${ids.array}_0`)).toBe(true);
  });

  it('reads the one-line -o form', () => {
    expect(parseScontrol(fixture('testbed-scontrol-show-job-o-suspended.txt'))[0]).toMatchObject({ id: ids.suspend, state: 'suspended' });
    expect(parseScontrol(fixture('public-slyme-scontrol-oneliner-running.txt'))[0]).toMatchObject({
      id: '77369',
      state: 'running',
      user: 'jab',
      nodes: ['hero4515'],
    });
  });

  it('reads public timeout (0:1) and failure (1:0) records', () => {
    expect(brief(parseScontrol(fixture('public-oecophylla-scontrol-show-job-timeout.txt'))[0]!)).toMatchObject({ state: 'failed', reason: 'timeout', signal: 1 });
    expect(brief(parseScontrol(fixture('public-oecophylla-scontrol-show-job-failed.txt'))[0]!)).toEqual({
      state: 'failed',
      reason: 'nonzero_exit',
      exitCode: 1,
      signal: null,
    });
  });

  it('raises ParseError with the text on malformed input', () => {
    const err = (() => {
      try {
        parseScontrol('garbage without records');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).text).toBe('garbage without records');
  });
});

describe('parseSubmitOutput (Slurm)', () => {
  it('reads sbatch and sbatch --parsable', () => {
    expect(parseSubmitOutput('slurm', fixture('testbed-sbatch-submitted.txt'))).toMatch(/^\d+$/);
    expect(parseSubmitOutput('slurm', fixture('testbed-sbatch-parsable.txt'))).toMatch(/^\d+$/);
  });
  it('raises ParseError when there is no id', () => {
    expect(() => parseSubmitOutput('slurm', 'sbatch: error: invalid partition')).toThrow(ParseError);
  });
});

describe('counts', () => {
  it('reads a run of digits too long for a count as no count, never Infinity', async () => {
    const { parseCount } = await import('../../src/schedulers/job-id.js');
    expect(parseCount(' 12 ')).toBe(12);
    expect(parseCount('1'.padEnd(400, '0'))).toBeUndefined();
    expect(parseCount('9007199254740993')).toBeUndefined();
  });
});
