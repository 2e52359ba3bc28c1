// Grid Engine's parsers over output recorded on the testbed (test/fixtures/sge, SOURCES.md) and,
// when present, the public recordings in ../shared/fixtures/sge.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../src/errors.js';
import { parseQacct } from '../../../src/schedulers/sge/qacct.js';
import { normalizeQacct, normalizeSgeState } from '../../../src/schedulers/sge/states.js';
import { parseSgeQstat } from '../../../src/schedulers/sge/qstat.js';
import { parseSgeSubmitOutput } from '../../../src/schedulers/sge/submit.js';
import type { JobRecord } from '../../../src/types.js';

const here = join(import.meta.dirname, '..', '..', 'fixtures', 'sge');
const repo = join(import.meta.dirname, '..', '..', '..');
// ../shared/fixtures beside the checkout (or beside the folder of worktrees).
const shared = [join(repo, '..', 'shared'), join(repo, '..', '..', 'shared')]
  .map((d) => join(d, 'fixtures', 'sge'))
  .find((d) => existsSync(d)) ?? join(repo, '..', 'shared', 'fixtures', 'sge');
const read = (name: string) => readFileSync(join(here, name), 'utf8');
const ids = Object.fromEntries(
  read('testbed-job-ids.txt').trim().split('\n').map((l) => l.split(' ') as [string, string]),
) as Record<string, string>;
/** id → "state/reason exitCode signal", the facts every parser must get right. */
const facts = (rs: JobRecord[]) =>
  Object.fromEntries(rs.map((r) => [r.id, `${r.state}/${r.reason ?? '-'} ${r.exitCode ?? '-'} ${r.signal ?? '-'}`]));
const base = (id: string) => id.split('.')[0]!;

describe('qstat -xml (testbed)', () => {
  it('reads running, suspended, pending, held, error and array-task jobs', () => {
    const rs = parseSgeQstat(read('testbed-qstat-xml-live.txt'));
    const byId = new Map(rs.map((r) => [r.id, r]));
    const arr = base(ids['array-running']!);
    const held = base(ids['array-held']!);
    expect(Object.fromEntries(rs.map((r) => [r.id, `${r.rawState}:${r.state}`]))).toEqual({
      [ids.cancel!]: 'r:running',
      [`${arr}.1`]: 'r:running',
      [`${arr}.2`]: 'r:running',
      [ids.suspended!]: 's:suspended',
      [ids['too-big']!]: 'qw:pending',
      [ids.eqw!]: 'Eqw:held',
      [ids.held!]: 'hqw:held',
      [ids['hold-jid']!]: 'hqw:held',
      // Pending tasks share one <job_list> (3,4 and 1-3:1); each becomes a record.
      [`${arr}.3`]: 'qw:pending',
      [`${arr}.4`]: 'qw:pending',
      [`${held}.1`]: 'hqw:held',
      [`${held}.2`]: 'hqw:held',
      [`${held}.3`]: 'hqw:held',
    });
    expect(byId.get(`${arr}.2`)).toMatchObject({ baseId: arr, arrayIndex: '2', name: 'rec-array-running', user: 'root', partition: 'all.q', cpus: 1 });
    expect(byId.get(`${arr}.2`)?.nodes).toHaveLength(1);
    expect(byId.get(ids['too-big']!)).toMatchObject({ cpus: 999 });
    expect(byId.get(ids['too-big']!)?.nodes).toBeUndefined();
    expect(byId.get(ids['too-big']!)?.submitTime).toBeInstanceOf(Date);
    expect(byId.get(ids.eqw!)?.pendingReason).toMatch(/error state/);
  });

  it('reads the -u "*" -r form and the empty queue', () => {
    expect(facts(parseSgeQstat(read('testbed-qstat-u-star-xml-r-live.txt')))).toEqual(facts(parseSgeQstat(read('testbed-qstat-xml-live.txt'))));
    expect(parseSgeQstat(read('testbed-qstat-xml-empty.txt'))).toEqual([]);
  });

  it('reads the default table the same way', () => {
    const table = parseSgeQstat(read('testbed-qstat-table-live.txt'));
    const xml = parseSgeQstat(read('testbed-qstat-xml-live.txt'));
    expect(table.map((r) => `${r.id}:${r.state}`)).toEqual(xml.map((r) => `${r.id}:${r.state}`));
  });

  it('rejects malformed XML and unknown states with ParseError', () => {
    const live = read('testbed-qstat-xml-live.txt');
    expect(() => parseSgeQstat(live.slice(0, live.length / 2))).toThrow(ParseError);
    expect(() => parseSgeQstat(live.replace('<state>qw</state>', '<state>q9</state>'))).toThrow(/unknown state/);
    expect(() => parseSgeQstat('<!DOCTYPE x [<!ENTITY a "b">]><job_info/>')).toThrow(ParseError);
  });
});

describe('Grid Engine state letters', () => {
  it.each([
    ['qw', 'pending'], ['hqw', 'held'], ['hRwq', 'held'], ['Eqw', 'held'], ['Ehqw', 'held'], ['r', 'running'], ['hr', 'running'],
    ['t', 'running'], ['Rr', 'running'], ['Rq', 'pending'], ['s', 'suspended'], ['ts', 'suspended'], ['S', 'suspended'],
    ['T', 'suspended'], ['dr', 'cancelled'], ['dt', 'cancelled'], ['dRr', 'cancelled'], ['z', 'unknown'],
  ])('%s is %s', (raw, state) => expect(normalizeSgeState(raw)).toBe(state));
  it('knows no other', () => {
    for (const raw of ['', 'x', 'q9', 'R r']) expect(normalizeSgeState(raw)).toBeUndefined();
  });
});

describe('qstat -j (testbed)', () => {
  it('reads the detail of a running array, a -hold_jid wait, an error state and an unknown job', () => {
    const arr = base(ids['array-running']!);
    expect(facts(parseSgeQstat(read('testbed-qstat-j-xml-running-array.txt')))).toEqual({
      [`${arr}.1`]: 'running/- - -',
      [`${arr}.2`]: 'running/- - -',
    });
    expect(parseSgeQstat(read('testbed-qstat-j-xml-hold-jid.txt'))).toMatchObject([{ id: ids['hold-jid'], state: 'pending', name: 'rec-hold-jid' }]);
    const [eqw] = parseSgeQstat(read('testbed-qstat-j-xml-eqw.txt'));
    expect(eqw).toMatchObject({ id: ids.eqw, state: 'held' });
    expect(eqw?.pendingReason).toMatch(/can't chdir to \/nonexistent/);
    expect(parseSgeQstat(read('testbed-qstat-j-xml-unknown.txt'))).toEqual([]);
    expect(parseSgeQstat(read('testbed-qstat-j-unknown.txt'))).toEqual([]);
  });
});

describe('qacct -j (testbed)', () => {
  it('gives every way a job ends its state, reason, exit code and signal', () => {
    const one = (name: string) => facts(parseQacct(read(name)));
    expect(one('testbed-qacct-j-completed.txt')).toEqual({ [ids.ok!]: 'completed/- 0 -' });
    expect(one('testbed-qacct-j-exit3.txt')).toEqual({ [ids.fail!]: 'failed/nonzero_exit 3 -' });
    // h_rt exceeded: failed 37, whatever the signal (the testbed's terminate_method sends SIGTERM
    // first, a default queue SIGKILL).
    expect(one('testbed-qacct-j-h-rt-exceeded.txt')).toEqual({ [ids.hrt!]: 'failed/timeout 143 15' });
    expect(Object.values(one('testbed-qacct-j-h-rt-exceeded-sigkill.txt'))).toEqual(['failed/timeout 137 9']);
    expect(one('testbed-qacct-j-sigsegv.txt')).toEqual({ [ids.segv!]: 'failed/signal 139 11' });
    expect(one('testbed-qacct-j-sigterm.txt')).toEqual({ [ids.term!]: 'failed/signal 143 15' });
    // The record of a qdel cannot tell it from any other signal: SIGTERM from the testbed's
    // terminate_method, SIGKILL from a default queue.
    expect(one('testbed-qacct-j-qdel-running.txt')).toEqual({ [ids.cancel!]: 'failed/signal 143 15' });
    expect(Object.values(one('testbed-qacct-j-qdel-running-sigkill.txt'))).toEqual(['failed/signal 137 9']);
    expect(one('testbed-qacct-j-eqw-deleted.txt')).toEqual({ [ids.eqw!]: 'failed/launch_failed - -' });
    // -hold_jid released the dependent although its dependency was deleted: it ran and succeeded.
    expect(one('testbed-qacct-j-hold-jid-released.txt')).toEqual({ [ids['hold-jid']!]: 'completed/- 0 -' });
    const arr = base(ids.array!);
    expect(one('testbed-qacct-j-array-exit-0-1-2.txt')).toEqual({
      [`${arr}.1`]: 'completed/- 0 -',
      [`${arr}.2`]: 'failed/nonzero_exit 1 -',
      [`${arr}.3`]: 'failed/nonzero_exit 2 -',
    });
  });

  it('reads the other fields of a record', () => {
    const [r] = parseQacct(read('testbed-qacct-j-array-exit-0-1-2.txt'));
    expect(r).toMatchObject({ baseId: base(ids.array!), arrayIndex: '1', name: 'rec-array', user: 'root', partition: 'all.q', cpus: 1 });
    expect(r?.endTime?.getTime()).toBeGreaterThanOrEqual(r!.startTime!.getTime());
    expect(r?.startTime?.getTime()).toBeGreaterThanOrEqual(r!.submitTime!.getTime());
  });

  it('gives [] for a job it does not know and keeps the last record of a rescheduled job', () => {
    expect(read('testbed-qacct-j-unknown.txt')).toMatch(/not found/);
    expect(parseQacct(read('testbed-qacct-j-unknown.txt'))).toEqual([]);
    expect(parseQacct(read('testbed-qacct-j-deleted-before-start.txt'))).toEqual([]);
    const first = read('testbed-qacct-j-exit3.txt');
    const again = read('testbed-qacct-j-completed.txt').replace(/^jobnumber\s+\d+/m, `jobnumber    ${ids.fail}`);
    expect(facts(parseQacct(first + again))).toEqual({ [ids.fail!]: 'completed/- 0 -' });
    expect(() => parseQacct('qname all.q\n')).toThrow(ParseError);
    // Several jobs' history is a time range; with none in it, only the usage summary.
    expect(parseQacct(read('testbed-qacct-E-b-future-empty.txt'))).toEqual([]);
  });

  it('reads exit statuses of 128+N as signal N, whoever ended the job', () => {
    // A wrapper that caught qdel's SIGTERM and exited 143 itself: failed 0.
    expect(normalizeQacct(0, 143)).toEqual({ state: 'failed', reason: 'signal', exitCode: 143, signal: 15 });
    expect(normalizeQacct(0, 2)).toEqual({ state: 'failed', reason: 'nonzero_exit', exitCode: 2, signal: null });
    expect(normalizeQacct(0, 255)).toEqual({ state: 'failed', reason: 'nonzero_exit', exitCode: 255, signal: null });
    expect(normalizeQacct(25, 0)).toMatchObject({ state: 'pending' });
    expect(normalizeQacct(19, 0)).toMatchObject({ state: 'failed', reason: 'node_fail' });
  });
});

describe('qsub (testbed)', () => {
  it('reads -terse ids, array ids and the verbose line', () => {
    expect(parseSgeSubmitOutput(`${ids.ok}\n`)).toBe(ids.ok);
    expect(read('testbed-qsub-terse-array.txt').trim()).toMatch(/^\d+\.1-3:1$/);
    expect(parseSgeSubmitOutput(read('testbed-qsub-terse-array.txt'))).toBe(base(ids.array!));
    expect(parseSgeSubmitOutput('Your job-array 19.1-2:1 ("plainarr") has been submitted\n')).toBe('19');
    expect(() => parseSgeSubmitOutput(read('testbed-qsub-unknown-resource.txt'))).toThrow(ParseError);
  });
});

describe.skipIf(!existsSync(shared))('../shared/fixtures/sge', () => {
  const s = (name: string) => readFileSync(join(shared, name), 'utf8');
  it('parses every file to the records it shows', () => {
    expect(facts(parseSgeQstat(s('qstat-xml-running-pending.txt')))).toMatchObject({ '583302': 'pending/- - -', '583111': 'running/- - -' });
    expect(parseSgeQstat(s('qstat-xml-running-pending.txt'))).toHaveLength(9);
    expect(parseSgeQstat(s('ood-qstat-r-xml-held-array.txt')).map((r) => `${r.id}:${r.rawState}`)).toEqual([
      '88:r', '1045:qw', '1046.1:qw', '1046.3:qw', '1046.5:qw', '1046.7:qw', '1046.9:qw', '44:hqw',
    ]);
    expect(parseSgeQstat(s('ood-qstat-r-xml-j-unknown-job.txt'))).toEqual([]);
    expect(parseSgeQstat(s('qstat-xml-j-detailed.txt'))).toMatchObject([{ id: '583111', name: 'prun-job', state: 'running' }]);
    const [uge] = parseSgeQstat(s('ood-uge-qstat-r-xml-j.txt'));
    // Univa prints the submission time in milliseconds.
    expect(uge).toMatchObject({ id: '748172', name: 'jupyter_interactive', state: 'running' });
    expect(uge?.submitTime?.getUTCFullYear()).toBe(2020);
    expect(parseSgeQstat(s('clusterjob-qstat-j.txt'))).toMatchObject([{ id: '2417', name: 'test_clj', state: 'pending', user: 'goerz' }]);
    expect(parseSgeQstat(s('clusterjob-qstat-j-gone.txt'))).toEqual([]);
    expect(parseSgeSubmitOutput(s('clusterjob-qsub-submitted.txt'))).toBe('2417');
    const array = parseSgeQstat(s('mavis-qstat-u-star-array.txt'));
    expect(array.map((r) => r.state)).toEqual([...Array(9).fill('running'), 'pending']);
    expect(array[9]).toMatchObject({ id: '3751935.10', arrayIndex: '10' });
    expect(parseSgeQstat(s('mavis-qstat-u-star-array-waiting.txt')).map((r) => r.id)).toEqual(
      Array.from({ length: 10 }, (_, i) => `3751935.${i + 1}`),
    );
    expect(facts(parseQacct(s('mavis-qacct-j-array-tasks.txt')))).toEqual({
      '3757289.1': 'completed/- 0 -', '3757289.3': 'completed/- 0 -', '3757289.2': 'completed/- 0 -',
    });
    expect(Object.values(facts(parseQacct(s('mavis-qacct-j-cancelled.txt'))))).toEqual(['failed/signal 137 9']);
    expect(Object.values(facts(parseQacct(s('mavis-qacct-j-failed.txt'))))).toEqual(['failed/launch_failed - -']);
    expect(Object.values(facts(parseQacct(s('mavis-qacct-j-non-zero-exit.txt'))))).toEqual(['failed/nonzero_exit 1 -']);
    // Every file was read above.
    expect(readdirSync(shared).length).toBe(14);
  });
});
