/** Log lines: timestamped always, coloured only on a terminal with colour, one line per job state change. */
import { describe, expect, it } from 'vitest';
import pc from 'picocolors';
import { formatLogLine, logStateChange, type Logger } from '../../src/util/log.js';
import { formatTable } from '../../src/util/table.js';

const now = new Date('2026-12-01T12:34:56.789Z');

describe('formatLogLine', () => {
  it('off a terminal: full ISO time, no escape codes', () => {
    expect(formatLogLine('warn', 'queue', 'slow', { tty: false, now })).toBe('2026-12-01T12:34:56.789Z hpcq warn [queue] slow\n');
  });

  it('on a terminal with colour: short time dimmed and the level coloured by picocolors', () => {
    const line = formatLogLine('error', 'job', 'boom', { tty: true, colour: true, now });
    const c = pc.createColors(true);
    expect(line).toBe(`${c.dim(now.toTimeString().slice(0, 8))} hpcq ${c.red('error')} [job] boom\n`);
    expect(line).toContain('\x1b[31merror\x1b[39m');
  });

  it('on a terminal without colour (NO_COLOR): short time, plain text', () => {
    expect(formatLogLine('info', 'job', 'x', { tty: true, colour: false, now })).toBe(`${now.toTimeString().slice(0, 8)} hpcq info [job] x\n`);
  });
});

describe('logStateChange', () => {
  const lines: string[] = [];
  const log = { info: (m: string) => lines.push(m) } as unknown as Logger;
  it('says each change once, with the reason, and nothing when the state stays', () => {
    logStateChange(log, 'slurm 12', undefined, 'pending', 'Priority');
    logStateChange(log, 'slurm 12', 'pending', 'pending');
    logStateChange(log, 'slurm 12', 'pending', 'failed', 'nonzero_exit');
    expect(lines).toEqual(['job slurm 12: submitted -> pending (Priority)', 'job slurm 12: pending -> failed (nonzero_exit)']);
  });
});

describe('formatTable', () => {
  it('pads every column but the last, with no trailing spaces', () => {
    expect(formatTable(['ID', 'NAME', 'NOTE'], [['1', 'a-long-name', ''], ['22', 'b', 'free text']])).toBe('ID  NAME         NOTE\n1   a-long-name\n22  b            free text');
  });
});
