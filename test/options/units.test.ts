import { describe, expect, it } from 'vitest';
import { formatHms, formatSlurmTime, parseArraySpec, parseDuration, parseMemory } from '../../src/options/units.js';

const ok = <T>(r: { ok: boolean; value?: T }): T | undefined => (r.ok ? r.value : undefined);

describe('parseMemory', () => {
  it.each([
    [4000, 4000],
    [1.2, 2],
    ['4000', 4000],
    ['20GB', 20480],
    ['20G', 20480],
    ['20gb', 20480],
    ['512M', 512],
    ['512MB', 512],
    ['512mib', 512],
    ['1.5T', 1572864],
    ['100K', 1],
    ['2048k', 2],
    [' 1 G ', 1024],
  ])('%j is %d MB', (input, mb) => {
    expect(ok(parseMemory(input))).toBe(mb);
  });

  it('lists the accepted units for an unknown one', () => {
    const r = parseMemory('12XB');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('invalid_value');
      expect(r.message).toMatch(/K, M, G or T/);
    }
  });

  it.each([0, -5, '0G'])('rejects %j as out of range', (input) => {
    const r = parseMemory(input);
    expect(r.ok ? 'ok' : r.code).toBe('out_of_range');
  });
});

describe('parseDuration', () => {
  it.each([
    [10, 600],
    ['10', 600],
    ['10:30', 630],
    ['01:02:03', 3723],
    ['96:00:00', 96 * 3600],
    ['2-12', (2 * 24 + 12) * 3600],
    ['1-02:30', (26 * 60 + 30) * 60],
    ['1-02:03:04', 93784],
    ['90m', 5400],
    ['2h', 7200],
    ['1d12h', 36 * 3600],
    ['45s', 45],
    ['1h30m', 5400],
    ['1h 30m', 5400],
    ['10min', 600],
    ['1.5h', 5400],
  ])('%j is %d s', (input, seconds) => {
    expect(ok(parseDuration(input))).toBe(seconds);
  });

  it.each(['25:99:00:00', '1:2:3:4', 'soon', '', '1-', 'h', '12XB'])('rejects %j with the accepted forms', (input) => {
    const r = parseDuration(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/D-HH:MM:SS/);
  });

  it.each([
    ['10:60', /seconds/],
    ['01:60:00', /minutes/],
    ['1-24:00:00', /hours/],
    ['1-01:99', /minutes/],
    ['0', /more than 0/],
    ['0s', /more than 0/],
  ])('range-checks %j', (input, why) => {
    const r = parseDuration(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('out_of_range');
      expect(r.message).toMatch(why);
    }
  });
});

describe('time formats', () => {
  it('formats Slurm and Torque times', () => {
    expect(formatSlurmTime(600)).toBe('00:10:00');
    expect(formatSlurmTime(93784)).toBe('1-02:03:04');
    expect(formatHms(93784)).toBe('26:03:04');
    expect(formatHms(45)).toBe('00:00:45');
  });
});

describe('parseArraySpec', () => {
  it.each(['0-99%10', '1,3,5-7', '0-15:4', '7', 12, '0-3, 5'])('accepts %j', (input) => {
    expect(parseArraySpec(input).ok).toBe(true);
  });
  it('strips spaces', () => {
    expect(ok(parseArraySpec('0-3, 5'))).toBe('0-3,5');
  });
  it.each(['a-b', '5-1', '0-15:0', '1,,2', '0-9%0', '%4', '1-2-3'])('rejects %j', (input) => {
    expect(parseArraySpec(input).ok).toBe(false);
  });
});
