// The public parsers read Grid Engine's output: parseQstat tells it from Torque's, parseQacct
// reads accounting, parseSubmitOutput('sge', ...) reads qsub.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseQacct, parseQstat, parseSubmitOutput } from '../../../src/index.js';

const sge = (name: string) => readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'sge', name), 'utf8');
const torque = (name: string) => readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'torque', name), 'utf8');

describe('public parsers on Grid Engine output', () => {
  it('parseQstat reads Grid Engine XML, its table and qstat -j, and still reads Torque', () => {
    expect(parseQstat(sge('testbed-qstat-xml-live.txt')).length).toBe(13);
    expect(parseQstat(sge('testbed-qstat-table-live.txt')).length).toBe(13);
    expect(parseQstat(sge('testbed-qstat-j-unknown.txt'))).toEqual([]);
    expect(parseQstat(sge('testbed-qstat-j-xml-unknown.txt'))).toEqual([]);
    expect(parseQstat(torque('public-mavis-qstat-f-completed.txt')).length).toBeGreaterThan(0);
  });

  it('parseQacct and parseSubmitOutput', () => {
    expect(parseQacct(sge('testbed-qacct-j-exit3.txt'))).toMatchObject([{ state: 'failed', reason: 'nonzero_exit', exitCode: 3 }]);
    expect(parseSubmitOutput('sge', sge('testbed-qsub-terse-array.txt'))).toMatch(/^\d+$/);
  });
});
