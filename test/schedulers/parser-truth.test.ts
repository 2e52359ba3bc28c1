// What each parser says about a job must be true at the record level, not only once Job or
// the poller has looked at it: never-satisfiable dependencies, Torque's and PBS Pro's own exit
// codes, array tasks deleted for a failed dependency, requeued jobs in `sacct --json`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizePbsState, parseQstat, parseSacct, parseScontrol, parseSqueue } from '../../src/schedulers/index.js';
import type { JobRecord } from '../../src/types.js';
import { readSharedFixture, sharedFixturesRoot } from '../helpers/shared-fixtures.js';

const fixture = (path: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', path), 'utf8');
const ids = Object.fromEntries(
  fixture('slurm/testbed-job-ids.txt')
    .split(/\s+/)
    .filter(Boolean)
    .map((kv) => kv.split('=') as [string, string]),
);
const byId = (records: JobRecord[], id: string) => records.find((r) => r.id === id)!;

describe('a dependency that can never be satisfied', () => {
  it('squeue (hpcq format and the default layout), scontrol: the pending record carries the reason', () => {
    for (const text of [fixture('slurm/testbed-squeue-hpcq-format-live.txt'), fixture('slurm/testbed-squeue-default-live.txt')]) {
      expect(byId(parseSqueue(text), ids.child!)).toMatchObject({ state: 'pending', reason: 'dependency_never_satisfied', pendingReason: 'DependencyNeverSatisfied' });
    }
    expect(parseScontrol(fixture('slurm/testbed-scontrol-show-job-dependency-never-satisfied.txt'))[0]).toMatchObject({
      state: 'pending',
      reason: 'dependency_never_satisfied',
    });
    expect(parseScontrol(fixture('slurm/public-mavis-scontrol-show-job-dependency-never-satisfied.txt'))[0]!.reason).toBe('dependency_never_satisfied');
  });

  it('other pending reasons give no reason: a job waiting on a dependency that may still succeed, or held', () => {
    const live = parseSqueue(fixture('slurm/testbed-squeue-hpcq-format-live.txt'));
    expect(byId(live, ids.hold!).state).toBe('held');
    expect(byId(live, ids.hold!).reason).toBeUndefined();
    // sacct's Reason for the same never-satisfied job is only `Dependency`: sacct cannot tell.
    const sacct = byId(parseSacct(fixture('slurm/testbed-sacct-P-pending-held-suspended.txt')), ids.child!);
    expect([sacct.state, sacct.reason]).toEqual(['pending', undefined]);
  });
});

describe('a requeued job in sacct --json', () => {
  it('is pending while only its REQUEUED record exists, not held', () => {
    const [rec] = parseSacct(fixture('slurm/testbed-sacct-json-requeued-pending.txt'));
    expect(rec).toMatchObject({ state: 'pending', rawState: 'REQUEUED' });
  });

  it('is its newer attempt once there is one', () => {
    expect(parseSacct(fixture('slurm/testbed-sacct-json-requeued-completed.txt'))).toMatchObject([{ id: '469', state: 'completed', exitCode: 0 }]);
  });

  it.skipIf(!sharedFixturesRoot)('a REQUEUED record with JobHeldUser is not the job: the TIMEOUT attempt after it is', () => {
    const records = parseSacct(readSharedFixture('slurm/batcheuphoria-sacct-json-requeued-timeout.txt'));
    // The batch step names the signal, as the text form's fold does.
    expect(records).toMatchObject([{ id: '268210', state: 'failed', reason: 'timeout', signal: 15 }]);
  });

  it('the text form chooses the same way: REQUEUED rows are earlier attempts', () => {
    const text = 'JobID|State|ExitCode|Reason\n469|REQUEUED|0:0|JobHeldUser\n469.batch|CANCELLED|0:15|\n469|PENDING|0:0|BeginTime\n';
    expect(parseSacct(text)).toMatchObject([{ id: '469', state: 'pending' }]);
  });
});

describe("Torque's and PBS Pro's exit statuses", () => {
  // JOB_EXEC_* (Torque 6.1.2 "Job Exit Status"; openpbs src/include/job.h).
  it.each([
    ['torque', '-1', 'launch_failed'],
    ['torque', '-3', 'launch_failed'],
    ['torque', '-4', 'node_fail'],
    ['torque', '-8', 'launch_failed'],
    ['torque', '-9', 'launch_failed'],
    ['torque', '-10', 'out_of_memory'],
    ['torque', '-11', 'timeout'],
    ['torque', '-12', 'timeout'],
    ['torque', '-14', 'launch_failed'],
    ['torque', '-99', 'launch_failed'],
    ['pbspro', '-11', 'launch_failed'],
    ['pbspro', '-12', 'preempted'],
    ['pbspro', '-20', 'node_fail'],
    ['pbspro', '-25', 'signal'],
    ['pbspro', '-27', 'out_of_memory'],
    ['pbspro', '-29', 'timeout'],
  ] as const)('%s exit status %s is %s', (flavour, exit, reason) => {
    expect(normalizePbsState(flavour === 'torque' ? 'C' : 'F', exit, undefined, flavour)).toEqual({ state: 'failed', reason, exitCode: null, signal: null });
  });

  it.each([
    ['torque', '271', { reason: 'signal', exitCode: 143, signal: 15 }],
    ['torque', '265', { reason: 'signal', exitCode: 137, signal: 9 }],
    ['torque', '137', { reason: 'nonzero_exit', exitCode: 137, signal: null }],
    ['torque', '256', { reason: 'nonzero_exit', exitCode: 256, signal: null }],
    ['pbspro', '271', { reason: 'signal', exitCode: 143, signal: 15 }],
    ['pbspro', '137', { reason: 'signal', exitCode: 137, signal: 9 }],
    ['pbspro', '128', { reason: 'nonzero_exit', exitCode: 128, signal: null }],
  ] as const)('%s exit status %s: 256+N (both) and 128+N (PBS Pro) are signals', (flavour, exit, facts) => {
    expect(normalizePbsState('C', exit, undefined, flavour)).toEqual({ state: 'failed', ...facts });
  });

  it('a live job keeps its state whatever its last exit status (-3: the server retries it)', () => {
    expect(normalizePbsState('R', '-3', undefined, 'torque')).toEqual({ state: 'running', exitCode: null, signal: null });
  });

  it('recorded -11 (walltime) and 265 (SIGKILL) read as such', () => {
    expect(parseQstat(fixture('torque/public-oecophylla-qstat-f-walltime-exit-neg11.txt'))[0]).toMatchObject({ state: 'failed', reason: 'timeout' });
  });
});

describe('an array task Torque deleted for a failed dependency', () => {
  it('is cancelled / dependency_never_satisfied, not failed by its exit status 271', () => {
    expect(parseQstat(fixture('torque/public-mavis-qstat-f-array-task-dependency-never-satisfied.txt'))[0]).toMatchObject({
      state: 'cancelled',
      reason: 'dependency_never_satisfied',
      exitCode: null,
      signal: null,
    });
  });

  it("reads Torque's single-job form of the comment too (handle_aborted_job in Torque's source)", () => {
    expect(normalizePbsState('C', '271', 'Job deleted as result of dependency on job 0.lei', 'torque')).toMatchObject({
      state: 'cancelled',
      reason: 'dependency_never_satisfied',
    });
  });

  it('other deletions are not blamed on a dependency', () => {
    expect(normalizePbsState('C', '271', 'Job deleted by request of root@server', 'torque')).toMatchObject({ state: 'failed', reason: 'signal' });
  });
});
