// Parsers on damaged output: a header repeated among the rows, rows without a job id, long
// runs of one character, hostile XML and JSON. Each case either reads the real jobs or throws
// ParseError; none invents a job. (Speed is measured by bench/b8-parsers.mjs, not asserted.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.js';
import { parseQstat, parseSacct, parseScontrol, parseSqueue } from '../../src/schedulers/index.js';
import { expandNodeList, nodeBudget } from '../../src/schedulers/job-id.js';

const fixture = (path: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', path), 'utf8');

/** A recording with its header line (and ruler) repeated after its first row. */
function headerRepeated(text: string, headerLines: number): string {
  const lines = text.trimEnd().split('\n');
  return [...lines.slice(0, headerLines + 1), ...lines.slice(0, headerLines), ...lines.slice(headerLines + 1)].join('\n');
}

describe('a header line repeated among the rows', () => {
  it.each([
    ['squeue, hpcq format', parseSqueue, 'slurm/testbed-squeue-hpcq-format-live.txt', 1],
    // The default layout's ST and TIME columns would read as STOPPED and TIMEOUT.
    ['squeue, default layout', parseSqueue, 'slurm/testbed-squeue-default-live.txt', 1],
    ['sacct --parsable2', parseSacct, 'slurm/testbed-sacct-P-all-states.txt', 1],
    ['sacct --parsable', parseSacct, 'slurm/testbed-sacct-p-all-states.txt', 1],
    ['sacct aligned, with its ruler', parseSacct, 'slurm/testbed-sacct-aligned-all-states.txt', 2],
    ['qstat table, with its ruler', parseQstat, 'torque/testbed-qstat-default-live.txt', 2],
  ] as const)('%s: skipped, never read as a job', (_what, parse, path, headerLines) => {
    const text = fixture(path);
    expect(parse(headerRepeated(text, headerLines))).toEqual(parse(text));
  });

  it('qstat over several servers: each server line, header and ruler is skipped', () => {
    const text = fixture('torque/public-dccn-qstat-default-completed.txt');
    const twice = `${text}\nother-server:\n${text}`;
    expect(parseQstat(twice).length).toBe(2 * parseQstat(text).length);
  });
});

describe('rows that name no job', () => {
  it('a row with an empty or unreadable id throws ParseError instead of a record without an id', () => {
    expect(() => parseSqueue('JOBID|STATE\n|RUNNING\n')).toThrow(ParseError);
    expect(() => parseSacct('JobID|State\nTue Dec 1|COMPLETED\n')).toThrow(ParseError);
    expect(() => parseScontrol('JobId= JobState=RUNNING\n')).toThrow(ParseError);
    expect(() => parseScontrol('JobId=12 ArrayJobId=x ArrayTaskId=1 JobState=RUNNING\n')).toThrow(ParseError);
  });

  it('output with only a state (`squeue -h -o %T`) throws: the parser cannot know whose state it is', () => {
    expect(() => parseSqueue(' RUNNING\n')).toThrow(/without a job id/);
  });

  it('a short row is not glued to the next one when no column can hold a newline', () => {
    expect(() => parseSqueue('JOBID|STATE|NODES\n123|PENDING\n124|RUNNING|1\n')).not.toThrow();
    expect(parseSqueue('JOBID|STATE|NODES\n123|PENDING\n124|RUNNING|1\n').map((r) => [r.id, r.state])).toEqual([
      ['123', 'pending'],
      ['124', 'running'],
    ]);
  });

  it('a COMPLETED row that names a non-zero exit is not a success', () => {
    expect(parseSacct('JobID|State|ExitCode\n5|COMPLETED|3:0\n')[0]).toMatchObject({ state: 'failed', reason: 'nonzero_exit', exitCode: 3 });
  });
});

describe('long runs of one character', () => {
  it('trailing spaces after a row (40,000 of them) leave the row as it is', () => {
    const text = `JOBID|STATE\n7|RUNNING${' '.repeat(40_000)}\n8|PENDING\n`;
    expect(parseSqueue(text).map((r) => [r.id, r.state])).toEqual([
      ['7', 'running'],
      ['8', 'pending'],
    ]);
  });

  it('scontrol after a long run of blank lines', () => {
    expect(parseScontrol(`${'\n'.repeat(50_000)}JobId=3 JobState=RUNNING\n`)).toMatchObject([{ id: '3', state: 'running' }]);
  });
});

describe('hostile structured output', () => {
  it('qstat XML with stray "<", unclosed comments or deep nesting throws ParseError', () => {
    expect(() => parseQstat(`<Data>${'<a'.repeat(10_000)}`)).toThrow(ParseError);
    expect(() => parseQstat('<Data><!-- never closed')).toThrow(ParseError);
    expect(() => parseQstat(`${'<a>'.repeat(1000)}${'</a>'.repeat(1000)}`)).toThrow(/nested deeper/);
  });

  it('qstat XML still reads its entities, comments and declaration', () => {
    const xml = '<?xml version="1.0"?><!-- c --><Data><Job><Job_Id>5.srv</Job_Id><Job_Name>a&amp;b&#233;</Job_Name><job_state>R</job_state></Job></Data>';
    expect(parseQstat(xml)).toMatchObject([{ id: '5.srv', name: 'a&bé', state: 'running' }]);
  });

  it('JSON of the wrong shape throws ParseError, never a TypeError', () => {
    for (const text of ['{"jobs":[null]}', '{"jobs":[5]}', '{"jobs":[{"job_state":"PENDING","state_reason":5,"job_id":1}]}'.replace('"job_id":1', '"job_id":"x"')]) {
      expect(() => parseSacct(text)).toThrow(ParseError);
    }
    expect(parseSqueue('{"jobs":[{"job_state":"PENDING","state_reason":5,"job_id":1}]}')).toMatchObject([{ id: '1', state: 'pending' }]);
    expect(() => parseQstat(`{"Jobs":{"1.s":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}}`)).toThrow(ParseError);
    expect(() => parseQstat('{"Jobs":[1]}')).toThrow(ParseError);
  });

  it('"Unknown Job Id" beside real records keeps the records', () => {
    const known = fixture('torque/testbed-qstat-f-completed-failed.txt');
    expect(parseQstat(`qstat: Unknown Job Id Error 99.srv\n${known}`)).toEqual(parseQstat(known));
  });
});

describe('node lists', () => {
  it('expand within a budget for the whole text; past it, lists stay as Slurm wrote them', () => {
    expect(expandNodeList('n[01-03],login')).toEqual(['n01', 'n02', 'n03', 'login']);
    expect(expandNodeList('n[1-100000]')).toEqual(['n[1-100000]']);
    expect(expandNodeList('n[a-b]')).toEqual(['n[a-b]']);
    const budget = { left: 5000 };
    expect(expandNodeList('n[1-4096]', budget)).toHaveLength(4096);
    expect(expandNodeList('n[1-4096]', budget)).toEqual(['n[1-4096]']);
    expect(nodeBudget('x'.repeat(1000)).left).toBeGreaterThan(65_536);
  });
});
