// The fast record builders (plain-record.ts, time-reader.ts) must not show: every parser still
// gives plain objects, keys in the order each parser has always used, and a Date of its own
// per field, however often a listing repeats a timestamp.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect, isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseQstat, parseSacct, parseSqueue } from '../../src/schedulers/index.js';
import { plainRecordConstructor } from '../../src/schedulers/plain-record.js';
import { createTimeReader } from '../../src/schedulers/time-reader.js';
import type { JobRecord } from '../../src/types.js';

const fixture = (path: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', path), 'utf8');
const byId = (records: JobRecord[], id: string) => records.find((r) => r.id === id)!;

const CASES: Array<[string, () => JobRecord[], string, string[]]> = [
  ['parseSacct', () => parseSacct(fixture('slurm/testbed-sacct-P-all-states.txt')), '123_1',
    ['id', 'baseId', 'arrayIndex', 'state', 'reason', 'rawState', 'exitCode', 'signal', 'name', 'user', 'partition', 'nodes', 'nodeCount', 'cpus', 'submitTime', 'startTime', 'endTime']],
  ['parseSqueue', () => parseSqueue(fixture('slurm/testbed-squeue-hpcq-format-live.txt')), '110',
    ['id', 'baseId', 'state', 'reason', 'rawState', 'exitCode', 'signal', 'name', 'user', 'partition', 'nodes', 'nodeCount', 'cpus', 'submitTime', 'startTime', 'endTime']],
  ['parseQstat (Grid Engine table)', () => parseQstat(fixture('sge/testbed-qstat-table-live.txt')), '55.1',
    ['id', 'baseId', 'name', 'user', 'partition', 'nodes', 'nodeCount', 'state', 'rawState', 'exitCode', 'signal', 'cpus', 'startTime', 'arrayIndex']],
  ['parseQstat (Grid Engine -xml)', () => parseQstat(fixture('sge/testbed-qstat-xml-live.txt')), '55.1',
    ['id', 'baseId', 'arrayIndex', 'name', 'user', 'partition', 'nodes', 'nodeCount', 'state', 'rawState', 'exitCode', 'signal', 'cpus', 'startTime']],
];

describe('records are plain objects', () => {
  it.each(CASES)('%s: plain, equal to their structured clone, keys in the usual order', (_name, parse, id, keys) => {
    const records = parse();
    expect(records.length).toBeGreaterThan(3);
    for (const r of records) {
      expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
      expect(r.constructor).toBe(Object);
      // toStrictEqual compares types too: a clone is a plain object by construction.
      expect(r).toStrictEqual(structuredClone(r));
      expect(inspect(r).startsWith('{')).toBe(true);
    }
    expect(Object.keys(byId(records, id))).toEqual(keys);
  });

  it('a record made by a plain-record constructor reads like the literal with the same fields', () => {
    const Make = plainRecordConstructor(function (this: JobRecord, id: string) {
      this.id = id;
      this.baseId = id;
      this.state = 'running';
      this.rawState = 'R';
      this.exitCode = null;
      this.signal = null;
    });
    const literal: JobRecord = { id: '7', baseId: '7', state: 'running', rawState: 'R', exitCode: null, signal: null };
    const made = new Make('7');
    expect(isDeepStrictEqual(made, literal)).toBe(true);
    expect(inspect(made)).toBe(inspect(literal));
    expect(JSON.stringify(made)).toBe(JSON.stringify(literal));
  });
});

describe('times read through the per-parse cache', () => {
  it('a repeated timestamp gives equal, separate Dates; text that is no time gives none, every time', () => {
    const time = createTimeReader();
    const [a, b] = [time('2026-11-21T10:54:51'), time('2026-11-21T10:54:51')];
    expect(a).toEqual(new Date(2026, 10, 21, 10, 54, 51));
    expect(b).toEqual(a);
    expect(b).not.toBe(a);
    a!.setFullYear(2000);
    expect(time('2026-11-21T10:54:51')!.getFullYear()).toBe(2026);
    expect([time('None'), time('None'), time('Unknown'), time(undefined)]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('sacct: the dates of two records are never one object, though the listing repeats them', () => {
    const records = parseSacct(fixture('slurm/testbed-sacct-P-all-states.txt'));
    const dates = records.flatMap((r) => [r.submitTime, r.startTime, r.endTime]).filter((d) => d !== undefined);
    expect(new Set(dates.map((d) => d.getTime())).size).toBeLessThan(dates.length);
    expect(new Set(dates).size).toBe(dates.length);
  });
});
