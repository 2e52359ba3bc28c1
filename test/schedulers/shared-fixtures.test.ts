// The parsers against scheduler output they were not written from: ../shared/fixtures, when present.
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.js';
import { parseQstat, parseSacct, parseScontrol, parseSqueue, parseSubmitOutput } from '../../src/schedulers/index.js';
import type { JobRecord } from '../../src/types.js';
import { recordProblems } from '../helpers/record-check.js';

import { readSharedFixture as read, sharedFixtureFiles, sharedFixturesRoot } from '../helpers/shared-fixtures.js';

const present = sharedFixturesRoot !== undefined;

/** Files that are error messages (stderr) or not job listings: they must raise ParseError. */
const NOT_LISTINGS = new Set([
  'slurm/firecrest-sbatch-qos-limit-stderr.txt',
  'slurm/qtoolkit-sbatch-invalid-partition-stderr.txt',
  'torque/gc3pie-qsub-exceeds-queue-limits-stderr.txt',
  'torque/issue-cbio-238-qstat-cannot-connect.txt',
  'pbspro/issue-reframe-2936-qstat-f-finished-error.txt',
  // tracejob's log lines are not a queue listing.
  'torque/gc3pie-tracejob-completed-exit-0.txt',
  // A custom `%i|%E;%R;%C` format without a state column: running rows cannot be told apart.
  'slurm/hbjobinfo-squeue-format-dependency-reason.txt',
  // A state and no job id (`-o %T`, `--format=state`): a record nobody could name is not made up.
  'slurm/clusterjob-squeue-h-o-T-running.txt',
  'slurm/clusterjob-sacct-format-state-n.txt',
  'slurm/issue-cloudai-461-sacct-state-truncated-plus.txt',
]);

/** Listings that hold no job (and must parse to none). */
const EMPTY = new Set([
  'slurm/clusterjob-squeue-h-o-T-gone.txt',
  'slurm/vcell-sacct-no-matching-jobs.txt',
  'slurm/vcell-squeue-empty.txt',
  'slurm/issue-slurm-mail-63-scontrol-invalid-job-id.txt',
  'torque/issue-signac-flow-133-qstat-fx-empty.txt',
  'torque/issue-torque-312-qstat-unknown-job-id-error.txt',
]);

function parserFor(path: string): ((text: string) => unknown) | undefined {
  const [dir, name] = path.split('/') as [string, string];
  if (dir === 'sge') return undefined;
  if (/sbatch|qsub/.test(name)) return (t) => parseSubmitOutput(dir === 'slurm' ? 'slurm' : 'torque', t);
  if (dir !== 'slurm') return parseQstat;
  if (name.includes('squeue')) return parseSqueue;
  if (name.includes('sacct')) return parseSacct;
  if (name.includes('scontrol')) return parseScontrol;
  return undefined;
}

const files = sharedFixtureFiles(['slurm', 'torque', 'pbspro']);

describe.skipIf(!present)('parsers over ../shared/fixtures', () => {
  it.each(files.filter((f) => parserFor(f)))('%s', (path) => {
    const parse = parserFor(path)!;
    if (NOT_LISTINGS.has(path)) {
      expect(() => parse(read(path))).toThrow(ParseError);
      return;
    }
    const text = read(path);
    const out = parse(text);
    if (Array.isArray(out)) {
      // Valid in every field, none invented (each baseId is in the text), completed only with exit 0.
      expect((out as JobRecord[]).flatMap((r) => recordProblems(r, text))).toEqual([]);
      expect(out.length === 0).toBe(EMPTY.has(path));
    } else {
      expect(String(out)).toMatch(/^\d+/);
      expect(text).toContain(String(out));
    }
  });

  const one = (records: JobRecord[], id: string) => records.find((r) => r.id === id)!;

  it('reads the states and exit codes they show', () => {
    const terminal = parseSacct(read('slurm/vcell-sacct-terminal-states.txt'));
    expect(terminal.map((r) => [r.state, r.reason])).toEqual([
      ['failed', 'timeout'],
      ['failed', 'out_of_memory'],
      ['failed', 'node_fail'],
      ['failed', 'nonzero_exit'],
    ]);
    expect(parseSacct(read('slurm/vcell-sacct-cancelled-by-user.txt'))[0]).toMatchObject({ state: 'cancelled', rawState: 'CANCELLED by 54321' });
    const arr = parseSacct(read('slurm/mavis-sacct-format-array-cancelled-by.txt'));
    expect(one(arr, '1697503_1').state).toBe('cancelled');
    expect(one(arr, '1697503_3')).toMatchObject({ state: 'completed', baseId: '1697503', arrayIndex: '3' });
    const resub = parseSacct(read('slurm/mavis-sacct-long-parsable2-array-resubmitted.txt'));
    expect(one(resub, '1873472_168')).toMatchObject({ state: 'failed', reason: 'timeout', signal: 15 });
    const failed = parseSacct(read('slurm/mavis-sacct-long-parsable-array-failed.txt'));
    expect(failed.some((r) => r.state === 'failed' && r.exitCode === 2)).toBe(true);
    expect(failed.some((r) => r.state === 'cancelled' && r.signal === 15)).toBe(true);
    expect(parseSacct(read('slurm/docs-sacct-hetjob.txt')).map((r) => r.id)).toEqual(['67767+0', '67767+1']);
    expect(parseSacct(read('slurm/issue-cluster-utils-87-sacct-parsable2-steps.txt'))).toHaveLength(4);
  });

  it('reads squeue reasons, arrays and het jobs', () => {
    const range = parseSqueue(read('slurm/docs-squeue-array-pending-range.txt'));
    expect(range[0]).toMatchObject({ id: '1080_[5-1024]', baseId: '1080', arrayIndex: '5-1024', state: 'pending', pendingReason: 'Resources' });
    expect(parseSqueue(read('slurm/docs-squeue-hetjob.txt'))[1]).toMatchObject({ id: '93+1', baseId: '93', state: 'running' });
    expect(parseSqueue(read('slurm/docs-squeue-Si-suspended-preempted.txt'))[0]!.state).toBe('suspended');
    const timeout = parseSqueue(read('slurm/ood-squeue-O-unitsep-timeout.txt'));
    expect(timeout.find((r) => r.rawState === 'TIMEOUT')).toMatchObject({ state: 'failed', reason: 'timeout' });
    expect(parseSqueue(read('slurm/clusterjob-squeue-h-o-T-gone.txt'))).toEqual([]);
  });

  it('reads scontrol records and a never-satisfied dependency', () => {
    expect(parseScontrol(read('slurm/mavis-scontrol-show-job-pending-dependency-never-satisfied.txt'))[0]).toMatchObject({
      state: 'pending',
      pendingReason: 'DependencyNeverSatisfied',
    });
    expect(parseScontrol(read('slurm/mavis-scontrol-show-job-array-task-cancelled-0-15.txt'))[0]).toMatchObject({
      id: '1697503_1',
      state: 'cancelled',
      signal: 15,
    });
    expect(parseScontrol(read('slurm/slurmscripts-scontrol-show-job-dd-multi.txt'))).toHaveLength(9);
    expect(parseScontrol(read('slurm/issue-slurm-mail-63-scontrol-invalid-job-id.txt'))).toEqual([]);
  });

  it('reads Torque and PBS Pro exit statuses', () => {
    const genius = parseQstat(read('torque/qstat-f-genius-excerpt-array-completed.txt'));
    expect(genius.some((r) => r.signal === 9 && r.state === 'failed')).toBe(true);
    expect(parseQstat(read('torque/qstat-f-genius-excerpt-exit-neg11.txt'))[0]).toMatchObject({ state: 'failed', reason: 'timeout' });
    expect(parseQstat(read('torque/mavis-qstat-f-t-array-dependency-never-satisfied.txt'))[0]).toMatchObject({
      state: 'cancelled',
      reason: 'dependency_never_satisfied',
    });
    expect(parseQstat(read('pbspro/gu-qstat-xf-finished-exit-271.txt'))[0]).toMatchObject({ state: 'failed', signal: 15 });
    expect(parseQstat(read('pbspro/firecrest-qstat-F-json-f-x-all.txt')).map((r) => r.state)).toEqual(['completed', 'completed', 'running']);
    expect(parseQstat(read('torque/qstat-x-lisa-multi-job.txt')).length).toBe(7);
    expect(parseQstat(read('torque/issue-signac-flow-133-qstat-fx-empty.txt'))).toEqual([]);
    expect(parseSubmitOutput('torque', read('torque/tipcc-qsub-t-array-jobid.txt'))).toBe('1816232[].cclc01.som.ucsf.edu');
    expect(parseSubmitOutput('slurm', read('slurm/issue-parsl-2636-sbatch-on-cluster.txt'))).toBe('60060368');
  });
});
