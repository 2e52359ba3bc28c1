// The resolver's pure rules: monotonic states, requeue, settling, status files, array roll-up.
import { describe, expect, it } from 'vitest';
import { advance, aggregate, matchRecord, recordFromStatus, settle } from '../../src/queue/index.js';
import { parseQstat, parseSqueue } from '../../src/schedulers/index.js';
import { torqueOverSlurm } from '../../src/schedulers/torque/index.js';
import type { JobRecord, JobState } from '../../src/types.js';

const rec = (state: JobState, extra: Partial<JobRecord> = {}): JobRecord => ({
  id: '1', baseId: '1', state, rawState: state.toUpperCase(), exitCode: null, signal: null, ...extra,
});

describe('advance', () => {
  it('never moves backwards, and a final state never changes', () => {
    expect(advance(rec('running'), rec('completing')).state).toBe('completing');
    expect(advance(rec('completing'), rec('running')).state).toBe('completing');
    expect(advance(rec('failed', { reason: 'timeout' }), rec('running')).state).toBe('failed');
    expect(advance(rec('completed', { exitCode: 0 }), rec('failed')).state).toBe('completed');
  });
  it('lets a requeued job go back to pending', () => {
    expect(advance(rec('running'), rec('pending')).state).toBe('pending');
  });
  it('fills a final record in from a later source', () => {
    expect(advance(rec('failed', { reason: 'timeout' }), rec('failed', { reason: 'timeout', signal: 15 })).signal).toBe(15);
  });
});

describe('settle and status files', () => {
  it('settles a never-satisfiable dependency as cancelled', () => {
    expect(settle(rec('pending', { pendingReason: 'DependencyNeverSatisfied' }))).toMatchObject({
      state: 'cancelled',
      reason: 'dependency_never_satisfied',
    });
    expect(settle(rec('pending', { pendingReason: 'Dependency' })).state).toBe('pending');
  });
  it('reads a finished status file, never an unfinished one', () => {
    const base = { exitCode: 0, signal: null, finished: true };
    expect(recordFromStatus('9', base)?.state).toBe('completed');
    expect(recordFromStatus('9', { ...base, exitCode: 137, signal: 9 })).toMatchObject({ state: 'failed', reason: 'signal' });
    expect(recordFromStatus('9', { ...base, exitCode: 2 })).toMatchObject({ state: 'failed', reason: 'nonzero_exit' });
    expect(recordFromStatus('9', { ...base, finished: false })).toBeUndefined();
  });
  it('rolls array tasks up: live while any runs, else the worst ending', () => {
    expect(aggregate('5', [rec('completed', { exitCode: 0 }), rec('running')]).state).toBe('running');
    expect(aggregate('5', [rec('completed', { exitCode: 0 }), rec('failed')])).toMatchObject({ id: '5', state: 'failed' });
  });
});

describe('matchRecord for one array task', () => {
  // `squeue --states=all --format=<hpcq's> --jobs=410` on the testbed (Slurm 22.05.8), `sbatch --array=0-5%1`.
  const listing = parseSqueue(`JOBID|NAME|USER|PARTITION|STATE|REASON|NODELIST|NODES|CPUS|SUBMIT_TIME|START_TIME|END_TIME
410_[1-5%1]|hpcq-review-arr|root|debug|PENDING|JobArrayTaskLimit||1|1|2026-11-21T11:56:00|N/A|N/A
410_0|hpcq-review-arr|root|debug|RUNNING|None|vm|1|1|2026-11-21T11:56:00|2026-11-21T11:56:00|NONE
`);
  it('finds a task still inside the pending range', () => {
    expect(matchRecord(listing, '410_4')).toMatchObject({ id: '410_4', baseId: '410', arrayIndex: '4', state: 'pending', pendingReason: 'JobArrayTaskLimit' });
    expect(matchRecord(listing, '410_0')).toMatchObject({ id: '410_0', state: 'running' });
    expect(matchRecord(listing, '410_6')).toBeUndefined();
  });
  it('reads ranges with lists, steps and throttles', () => {
    const range = (arrayIndex: string) => [rec('pending', { id: `7_[${arrayIndex}]`, baseId: '7', arrayIndex })];
    expect(matchRecord(range('1,3,5-7'), '7_6')?.state).toBe('pending');
    expect(matchRecord(range('1,3,5-7'), '7_4')).toBeUndefined();
    expect(matchRecord(range('0-10:5%2'), '7_5')?.state).toBe('pending');
    expect(matchRecord(range('0-10:5%2'), '7_6')).toBeUndefined();
  });
  it("finds the tasks of a live array that Slurm's Torque wrapper lists once under its bare id", () => {
    // `qstat -f 20073` of slurm-wlm-torque on the testbed for a held `sbatch --array=0-3` (a task id alone: exit 153, nothing).
    const listing = parseQstat('Job Id:\t20073\n\tJob_Name = heldarr\n\tJob_Owner = root@localhost\n\tjob_state = Q\n\tqueue = debug\n');
    const split = torqueOverSlurm.ids.split;
    expect(matchRecord(listing, '20073_2', split)).toMatchObject({ id: '20073_2', arrayIndex: '2', state: 'pending' });
    expect(matchRecord(listing, '20074_2', split)).toBeUndefined();
    const ended = listing.map((r) => ({ ...r, state: 'completed' as const }));
    expect(matchRecord(ended, '20073_2', split)).toBeUndefined();
    expect(torqueOverSlurm.queueCommand({ ids: ['20073_0', '20073_1', '55'] })).toEqual(['qstat', '-f', '20073_0', '20073', '20073_1', '55']);
  });
});
