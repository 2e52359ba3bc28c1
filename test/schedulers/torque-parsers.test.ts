// Torque/PBS parsers over recorded output: the testbed's Torque wrapper and public recordings.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.js';
import { normalizePbsState, parseQstat, parseSubmitOutput } from '../../src/schedulers/index.js';

const dir = join(import.meta.dirname, '..', 'fixtures', 'torque');
const fixture = (name: string) => readFileSync(join(dir, name), 'utf8');

describe('parseQstat', () => {
  it('reads the testbed wrapper: TAB-indented attributes, no exit status', () => {
    const live = parseQstat(fixture('testbed-qstat-f-suspended-held.txt'));
    expect(live.map((r) => r.state).sort()).toEqual(['pending', 'suspended']);
    expect(live.find((r) => r.state === 'suspended')).toMatchObject({ nodes: ['vm'], name: 'rec-suspend', user: 'root' });
    // Finished jobs read C without an exit status: the outcome is unknown, never a guessed success.
    const done = parseQstat(fixture('testbed-qstat-f-completed-failed.txt'));
    expect(done.length).toBeGreaterThan(0);
    for (const r of done) expect(r).toMatchObject({ state: 'unknown', exitCode: null, rawState: 'C' });
  });

  it('reads the default table', () => {
    const rows = parseQstat(fixture('testbed-qstat-default-live.txt'));
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.map((r) => r.state)).toContain('running');
    expect(rows.find((r) => r.name === 'rec-hold')?.state).toBe('pending');
    // The wrapper's U (no letter for OUT_OF_MEMORY) is not a state to wait on.
    expect(rows.find((r) => r.name === 'rec-oom')?.state).toBe('unknown');
  });

  it('reads Torque 4.2 qstat -f with TAB continuation lines: walltime kill (-11)', () => {
    const [r] = parseQstat(fixture('public-oecophylla-qstat-f-walltime-exit-neg11.txt'));
    expect(r).toMatchObject({
      id: '522083.barnacle.ucsd.edu',
      baseId: '522083',
      state: 'failed',
      reason: 'timeout',
      exitCode: null,
      user: 'jgsanders',
      nodes: ['brncl-31'],
    });
    expect(r!.endTime?.getFullYear()).toBe(2017);
  });

  it('raises ParseError on broken XML and JSON', () => {
    expect(() => parseQstat('<Data><Job><Job_Id>1</Job_Id></Data>')).toThrow(ParseError);
    expect(() => parseQstat('{"Jobs": {')).toThrow(ParseError);
  });

  it('treats "Unknown Job Id" and an empty listing as no jobs, anything else unreadable as ParseError', () => {
    expect(parseQstat('qstat: Unknown Job Id Error 3481331.egeon2\n')).toEqual([]);
    expect(parseQstat('')).toEqual([]);
    expect(() => parseQstat('Cannot connect to specified server host')).toThrow(ParseError);
  });
});

describe('normalizePbsState', () => {
  it.each([
    ['C', '0', undefined, 'torque', 'completed', undefined],
    ['C', '3', undefined, 'torque', 'failed', 'nonzero_exit'],
    ['C', '271', undefined, 'torque', 'failed', 'signal'],
    ['C', '-10', undefined, 'torque', 'failed', 'out_of_memory'],
    ['C', '-1', undefined, 'torque', 'failed', 'launch_failed'],
    ['F', '-27', undefined, 'pbspro', 'failed', 'out_of_memory'],
    ['C', '271', 'Job deleted because its dependency of array 43[] can never be satisfied', 'torque', 'cancelled', 'dependency_never_satisfied'],
    ['H', undefined, undefined, 'torque', 'held', undefined],
    ['E', undefined, undefined, 'torque', 'completing', undefined],
  ] as const)('%s exit %s', (letter, exit, comment, flavour, state, reason) => {
    const s = normalizePbsState(letter, exit, comment, flavour);
    expect(s?.state).toBe(state);
    expect(s?.reason).toBe(reason);
  });
});

describe('parseSubmitOutput (Torque)', () => {
  it('reads qsub ids: the testbed wrapper prints a bare number', () => {
    expect(parseSubmitOutput('torque', fixture('testbed-qsub-jobid.txt'))).toMatch(/^\d+$/);
    expect(parseSubmitOutput('torque', '1816232[].cclc01.som.ucsf.edu\n')).toBe('1816232[].cclc01.som.ucsf.edu');
    expect(() => parseSubmitOutput('torque', 'qsub: Job exceeds queue resource limits')).toThrow(ParseError);
  });
});
