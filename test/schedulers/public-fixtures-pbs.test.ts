// The Torque and PBS Pro parsers over real output published in public repositories and
// documentation (test/fixtures/{torque,pbspro}/public-*.txt; sources in each folder's SOURCES.md).
// Expected values were read off the recorded text by eye.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../../src/types.js';
import { parseQstat, parseSubmitOutput } from '../../src/schedulers/index.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const read = (dir: string, name: string) => readFileSync(join(fixtures, dir, name), 'utf8');
const brief = (r: JobRecord) => ({ state: r.state, reason: r.reason, exitCode: r.exitCode, signal: r.signal });
const epoch = (seconds: number) => new Date(seconds * 1000);

describe('Torque qstat -x XML', () => {
  it('reads a many-job listing: running, queued, completed, an array parent and its tasks', () => {
    const jobs = parseQstat(read('torque', 'public-fyrd-qstat-x-running-queued-completed-array.txt'));
    expect(jobs.map((j) => j.id)).toEqual([
      '665199.superserver.stanford.edu',
      '667999.superserver.stanford.edu',
      '673174.superserver.stanford.edu',
      '673175[].superserver.stanford.edu',
      '673175[19].fruster.stanford.edu',
      '673175[20].fruster.stanford.edu',
    ]);
    // A restarted job (start_count 2) keeps exit_status -3 from its first run while running again.
    expect(jobs[0]).toMatchObject({ state: 'running', rawState: 'R', exitCode: null, user: 'johnfox', nodes: ['node01'] });
    expect(jobs[1]).toMatchObject({ state: 'pending', rawState: 'Q', partition: 'batch', cpus: 1 });
    expect(jobs[2]).toMatchObject({ state: 'completed', exitCode: 0, nodes: ['node04'], endTime: epoch(1480547422) });
    // The array parent finished (C) but carries no exit_status: its outcome is not known from it.
    expect(jobs[3]).toMatchObject({ baseId: '673175', state: 'unknown', exitCode: null, name: 't.sh' });
    expect(jobs[3]!.arrayIndex).toBeUndefined();
    expect(jobs[4]).toMatchObject({ baseId: '673175', arrayIndex: '19', state: 'completed', exitCode: 0, nodes: ['node11'] });
    expect(jobs[5]).toMatchObject({ arrayIndex: '20', state: 'completed', exitCode: 0, nodes: ['node13'] });
  });

  it('reads exit_status 1 as a non-zero exit', () => {
    const [job] = parseQstat(read('torque', 'public-bpipe-qstat-x-completed-exit1.txt'));
    expect(job).toMatchObject({ id: '1000', baseId: '1000', name: 'snpid_analysis', user: 'joe.blogs', nodes: ['comp014'] });
    expect(brief(job!)).toEqual({ state: 'failed', reason: 'nonzero_exit', exitCode: 1, signal: null });
  });

  it('reads a queued job and a pretty-printed held job', () => {
    const [queued] = parseQstat(read('torque', 'public-osc-machete-qstat-x-queued.txt'));
    expect(queued).toMatchObject({ id: '16376372.opt-batch.osc.edu', state: 'pending', name: 'stage.pbs.sh', user: 'efranz', partition: 'serial' });
    const [held] = parseQstat(read('torque', 'public-batcheuphoria-qstat-x-held-pretty.txt'));
    expect(held).toMatchObject({ id: '15020227.testServer', baseId: '15020227', state: 'held', rawState: 'H', exitCode: null, name: 'workflow_test' });
  });

  it('reads a completed job whose sched_hint spans several lines', () => {
    const [job] = parseQstat(read('torque', 'public-batcheuphoria-qstat-x-completed-sched-hint.txt'));
    expect(job).toMatchObject({ id: '4564045.pbsserver', state: 'completed', exitCode: 0, nodes: ['denbi5-int'] });
    expect(job).toMatchObject({ startTime: epoch(1522939183), endTime: epoch(1522939194) });
  });
});

describe('Torque qstat -f text and the default table', () => {
  it('reads a completed job with wrapped values', () => {
    const [job] = parseQstat(read('torque', 'public-mavis-qstat-f-completed.txt'));
    expect(job).toMatchObject({ id: '9.torque01.bcgsc.ca', name: 'subtest.sh', user: 'creisle', nodes: ['torque01.bcgsc.ca'] });
    expect(brief(job!)).toEqual({ state: 'completed', reason: undefined, exitCode: 0, signal: null });
  });

  it('reads an array task deleted because its dependency can never be satisfied (exit_status 271)', () => {
    const [job] = parseQstat(read('torque', 'public-mavis-qstat-f-array-task-dependency-never-satisfied.txt'));
    expect(job).toMatchObject({ id: '48[1].torque01.bcgsc.ca', baseId: '48', arrayIndex: '1', partition: 'batch' });
    // The comment wraps mid-word ("arr" / "ay"); it never ran, so 271 is qdel's SIGTERM, not its own exit.
    expect(brief(job!)).toEqual({ state: 'cancelled', reason: 'dependency_never_satisfied', exitCode: null, signal: null });
  });

  it('reads the default table, where C carries no exit status', () => {
    const rows = parseQstat(read('torque', 'public-dccn-qstat-default-completed.txt'));
    expect(rows.map((r) => r.id)).toEqual(['6318626.dccn-l029', '6318627.dccn-l029', '6318630.dccn-l029', '6318631.dccn-l029']);
    for (const r of rows) expect(r).toMatchObject({ state: 'unknown', rawState: 'C', exitCode: null, user: 'honlee' });
    expect(rows.map((r) => r.partition)).toEqual(['matlab', 'matlab', 'matlab', 'interactive']);
  });

  it('reads the job id qsub printed', () => {
    expect(parseSubmitOutput('torque', read('torque', 'public-dccn-qsub-jobid.txt'))).toBe('6278224.dccn-l029.dccn.nl');
  });
});

describe('PBS Pro qstat -f -F json', () => {
  it('reads a held job', () => {
    const [job] = parseQstat(read('pbspro', 'public-buildtest-qstat-xf-json-held.txt'));
    expect(job).toMatchObject({ id: '157.pbs', baseId: '157', state: 'held', rawState: 'H', exitCode: null, name: 'pbs_hold_job', user: 'pbsuser', partition: 'workq', cpus: 1 });
  });

  it('reads a running two-node job', () => {
    const [job] = parseQstat(read('pbspro', 'public-swrap-qstat-xf-json-running.txt'));
    expect(job).toMatchObject({
      id: '12860476.meta-pbs.metacentrum.cz',
      state: 'running',
      user: 'jan_brezina',
      partition: 'charon_2h',
      nodes: ['charon24', 'charon21'],
      nodeCount: 2,
      cpus: 4,
    });
    expect(job!.startTime?.getFullYear()).toBe(2022);
  });
});

describe('PBS Pro qstat -f text and tables', () => {
  it('reads a finished job killed by a signal (Exit_status 271), TAB continuation lines', () => {
    const [job] = parseQstat(read('pbspro', 'public-griffith-qstat-xf-finished-exit271.txt'));
    expect(job).toMatchObject({ id: '49223.gc-prd-hpcadm', rawState: 'F', name: 'simple_failing_test', user: 's1234567', nodes: ['gc-prd-hpcn001'] });
    expect(brief(job!)).toEqual({ state: 'failed', reason: 'signal', exitCode: 143, signal: 15 });
  });

  it('reads a finished multi-node job (Exit_status 0) with a blank line inside the record', () => {
    const [job] = parseQstat(read('pbspro', 'public-palmetto-qstat-xf-finished-exit0-multinode.txt'));
    expect(job).toMatchObject({ id: '7600424.pbs02', partition: 'c1_single', nodes: ['node0088', 'node0094', 'node0085'], nodeCount: 4, cpus: 8 });
    expect(brief(job!)).toEqual({ state: 'completed', reason: undefined, exitCode: 0, signal: null });
  });

  it('reads the default and alternate tables; F in a table has no exit status', () => {
    const running = parseQstat(read('pbspro', 'public-griffith-qstat-table-running.txt'));
    expect(running.map((r) => [r.id, r.state])).toEqual([
      ['5884.gc-prd-hpcad', 'running'],
      ['7488.gc-prd-hpcad', 'running'],
      ['8248.gc-prd-hpcad', 'running'],
      ['8482.gc-prd-hpcad', 'running'],
      ['8524.gc-prd-hpcad', 'running'],
    ]);
    const [finished] = parseQstat(read('pbspro', 'public-griffith-qstat-x-table-finished.txt'));
    expect(finished).toMatchObject({ id: '49230.gc-prd-hpca', state: 'unknown', rawState: 'F', exitCode: null, name: 'example-job' });
    const [queued] = parseQstat(read('pbspro', 'public-palmetto-qstat-queued.txt'));
    expect(queued).toMatchObject({ id: '9567792.pbs02', state: 'pending', partition: 'c2_single' });
    const alternate = parseQstat(read('pbspro', 'public-palmetto-qstat-u-alternate-running.txt'));
    expect(alternate.map((r) => [r.id, r.state, r.name])).toEqual([
      ['7600567.pbs02', 'running', 'pi-mpi-1'],
      ['7600569.pbs02', 'running', 'pi-mpi-2'],
      ['7600570.pbs02', 'running', 'pi-mpi-3'],
    ]);
  });

  it('reads the job id qsub printed', () => {
    expect(parseSubmitOutput('torque', read('pbspro', 'public-griffith-qsub-jobid.txt'))).toBe('49230.gc-prd-hpcadm');
  });
});
