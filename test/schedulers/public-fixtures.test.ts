// The Slurm parsers over real output published in public repositories and documentation
// (test/fixtures/slurm/public-*.txt; sources in its SOURCES.md). Expected values were read off
// the recorded text by eye. Torque and PBS Pro recordings: public-fixtures-pbs.test.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../../src/types.js';
import { parseSacct, parseScontrol, parseSqueue } from '../../src/schedulers/index.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const read = (dir: string, name: string) => readFileSync(join(fixtures, dir, name), 'utf8');
const brief = (r: JobRecord) => ({ state: r.state, reason: r.reason, exitCode: r.exitCode, signal: r.signal });
const byId = (records: JobRecord[], id: string): JobRecord => {
  const r = records.find((x) => x.id === id);
  if (!r) throw new Error(`no record ${id} in ${records.map((x) => x.id).join(',')}`);
  return r;
};

describe('Slurm squeue', () => {
  it('reads heterogeneous job components', () => {
    const rows = parseSqueue(read('slurm', 'public-schedmd-squeue-hetjob.txt'));
    expect(rows.map((r) => r.id)).toEqual(['93+0', '93+1', '93+2']);
    for (const r of rows) expect(r).toMatchObject({ baseId: '93', state: 'running', user: 'adam' });
    expect(rows[2]!.nodes).toEqual(['nid00021']);
  });

  it('reads a pending array range next to running tasks', () => {
    const rows = parseSqueue(read('slurm', 'public-schedmd-squeue-array-pending-range.txt'));
    expect(rows[0]).toMatchObject({ id: '1080_[5-1024]', baseId: '1080', arrayIndex: '5-1024', state: 'pending', pendingReason: 'Resources' });
    expect(rows.slice(1).map((r) => [r.arrayIndex, r.state, r.nodes?.[0]])).toEqual([
      ['1', 'running', 'tux0'],
      ['2', 'running', 'tux1'],
      ['3', 'running', 'tux2'],
      ['4', 'running', 'tux3'],
    ]);
  });

  it('reads squeue -r: one line per task, plain jobs among them', () => {
    const rows = parseSqueue(read('slurm', 'public-schedmd-squeue-r-array.txt'));
    expect(byId(rows, '1082_3')).toMatchObject({ state: 'pending', pendingReason: 'Resources' });
    expect(byId(rows, '1082_4')).toMatchObject({ state: 'pending', pendingReason: 'Priority' });
    expect(byId(rows, '1080')).toMatchObject({ baseId: '1080', state: 'running', nodes: ['tux0'] });
    expect(byId(rows, '1080').arrayIndex).toBeUndefined();
  });

  it('reads pending reasons that hold spaces and commas, and a completing job', () => {
    const rows = parseSqueue(read('slurm', 'public-tacc-squeue-default-reasons.txt'));
    expect(rows).toHaveLength(11);
    expect(byId(rows, '25781')).toMatchObject({ state: 'completing', nodes: ['c190-131', 'c191-092'], nodeCount: 2 });
    expect(byId(rows, '25940')).toMatchObject({
      state: 'pending',
      pendingReason: 'Nodes required for job are DOWN, DRAINED or reserved for jobs in higher priority partitions',
      nodeCount: 18,
    });
    expect(byId(rows, '25589')).toMatchObject({ state: 'pending', pendingReason: 'Dependency' });
    expect(byId(rows, '25606')).toMatchObject({ state: 'running', nodes: ['c119-152'], user: 'jackhu' });
  });

  it('reads a suspended array task', () => {
    const rows = parseSqueue(read('slurm', 'public-schedmd-squeue-array-suspended.txt'));
    expect(rows.map((r) => r.state)).toEqual(['running', 'running', 'suspended', 'running']);
    expect(byId(rows, '21845_2').name).toBe('arturo');
  });
});

describe('Slurm sacct', () => {
  it('reads heterogeneous components in the aligned table', () => {
    const rows = parseSacct(read('slurm', 'public-schedmd-sacct-hetjob-aligned.txt'));
    expect(rows.map((r) => [r.id, r.baseId, r.state, r.exitCode, r.cpus])).toEqual([
      ['67767+0', '67767', 'completed', 0, 2],
      ['67767+1', '67767', 'completed', 0, 4],
    ]);
  });

  it('reads the aligned table with a last column holding spaces; DerivedExitCode is not ExitCode', () => {
    const [row] = parseSacct(read('slurm', 'public-schedmd-sacct-X-derived-exitcode-comment.txt'));
    expect(row).toMatchObject({ id: '123', state: 'completed', exitCode: 0, nodeCount: 1 });
  });

  it('reads headerless --parsable output with a custom delimiter and no ExitCode column', () => {
    const rows = parseSacct(read('slurm', 'public-hbjobinfo-sacct-p-snowman-noheader.txt'));
    expect(rows.map((r) => [r.id, r.state, r.reason])).toEqual([
      ['4047445', 'cancelled', undefined],
      ['5908801_3', 'completed', undefined],
      ['7965768', 'cancelled', undefined],
      ['7939708', 'failed', 'nonzero_exit'],
      ['7951810', 'pending', undefined],
      ['6708912', 'failed', 'timeout'],
    ]);
    expect(byId(rows, '4047445').rawState).toBe('CANCELLED by 10290820');
    expect(byId(rows, '5908801_3').arrayIndex).toBe('3');
    // Without an ExitCode column the exit code of a failure is unknown.
    expect(byId(rows, '7939708').exitCode).toBeNull();
  });

  it('reads --long --parsable: FAILED 1:0 and 2:0, CANCELLED by a user (ran, and never ran), array tasks', () => {
    const rows = parseSacct(read('slurm', 'public-mavis-sacct-long-p-failed-cancelled-array.txt'));
    expect(rows.map((r) => r.id)).toEqual(['1671879_1', '1671880_1', '1671915_1', '1671970_1', '1671985', '1671986', '1672169_10', '1672169_1']);
    expect(brief(byId(rows, '1671879_1'))).toEqual({ state: 'failed', reason: 'nonzero_exit', exitCode: 1, signal: null });
    expect(brief(byId(rows, '1671985'))).toEqual({ state: 'failed', reason: 'nonzero_exit', exitCode: 2, signal: null });
    // The job row reads 0:0; its .batch step (CANCELLED 0:15) says SIGTERM ended it.
    expect(brief(byId(rows, '1671915_1'))).toEqual({ state: 'cancelled', reason: undefined, exitCode: 143, signal: 15 });
    // Cancelled before it ran: no step, no exit status.
    expect(brief(byId(rows, '1671986'))).toEqual({ state: 'cancelled', reason: undefined, exitCode: null, signal: null });
    // JobIDRaw (1672171) differs from the task's JobID; the array form wins.
    expect(byId(rows, '1672169_1')).toMatchObject({ baseId: '1672169', arrayIndex: '1', state: 'completed', exitCode: 0 });
  });

  it('reads an array task killed at its time limit', () => {
    const rows = parseSacct(read('slurm', 'public-mavis-sacct-long-P-timeout-array.txt'));
    expect(rows).toHaveLength(7);
    expect(brief(byId(rows, '1873472_168'))).toEqual({ state: 'failed', reason: 'timeout', exitCode: 143, signal: 15 });
    for (const r of rows.filter((x) => x.id !== '1873472_168')) expect(r).toMatchObject({ state: 'completed', exitCode: 0 });
  });

  it('reads a pending array range and a cancelled array task', () => {
    const range = parseSacct(read('slurm', 'public-mavis-sacct-P-pending-array-range.txt'));
    expect(range[0]).toMatchObject({ id: '1701003_[37-200]', baseId: '1701003', arrayIndex: '37-200', state: 'pending' });
    expect(range[1]).toMatchObject({ id: '1701003_1', state: 'running' });
    const tasks = parseSacct(read('slurm', 'public-mavis-sacct-P-cancelled-array-task.txt'));
    expect(tasks.map((t) => [t.id, t.state])).toEqual([
      ['1697503_3', 'completed'],
      ['1697503_1', 'cancelled'],
      ['1697503_2', 'completed'],
    ]);
  });

  it('reads OUT_OF_MEMORY on a step of a job that reads FAILED 1:0 (aligned, truncated)', () => {
    const [job] = parseSacct(read('slurm', 'public-fasrc-sacct-aligned-failed-step-oom.txt'));
    expect(job).toMatchObject({ id: '6961359', state: 'failed', reason: 'out_of_memory', exitCode: 1 });
  });

  it('reads TIMEOUT with its .batch step CANCELLED 0:15, full and truncated step ids alike', () => {
    const [dccn] = parseSacct(read('slurm', 'public-dccn-sacct-aligned-timeout.txt'));
    expect(dccn).toMatchObject({ id: '951', name: 'myfirstjob' });
    expect(brief(dccn!)).toEqual({ state: 'failed', reason: 'timeout', exitCode: 143, signal: 15 });
    const uva = parseSacct(read('slurm', 'public-uva-sacct-aligned-truncated-steps.txt'));
    expect(uva.map((r) => r.id)).toEqual(['10057749', '10058297', '10058317', '10058413', '10079753']);
    expect(brief(byId(uva, '10058317'))).toEqual({ state: 'failed', reason: 'timeout', exitCode: 143, signal: 15 });
    expect(brief(byId(uva, '10058297'))).toEqual({ state: 'failed', reason: 'nonzero_exit', exitCode: 127, signal: null });
    expect(byId(uva, '10079753').state).toBe('running');
  });
});

describe('Slurm scontrol show job', () => {
  it('reads a job whose dependency can never be satisfied (it stays PENDING)', () => {
    const [job] = parseScontrol(read('slurm', 'public-mavis-scontrol-show-job-dependency-never-satisfied.txt'));
    expect(job).toMatchObject({ id: '1673292', state: 'pending', pendingReason: 'DependencyNeverSatisfied', user: 'creisle', partition: 'short' });
  });

  it('reads many records of one array', () => {
    const jobs = parseScontrol(read('slurm', 'public-mavis-scontrol-show-job-array-running.txt'));
    expect(jobs.map((j) => [j.id, j.baseId, j.arrayIndex, j.state, j.nodes?.[0]])).toEqual([
      ['1673301_3', '1673301', '3', 'running', 'n245'],
      ['1673301_2', '1673301', '2', 'running', 'n235'],
      ['1673301_1', '1673301', '1', 'running', 'n137'],
    ]);
  });

  it('reads a cancelled array task with ExitCode=0:15', () => {
    const [job] = parseScontrol(read('slurm', 'public-mavis-scontrol-show-job-cancelled-array-task.txt'));
    expect(job).toMatchObject({ id: '1697503_1', baseId: '1697503', arrayIndex: '1', nodes: ['n245'] });
    expect(brief(job!)).toEqual({ state: 'cancelled', reason: undefined, exitCode: 143, signal: 15 });
  });
});
