import { describe, expect, it } from 'vitest';
import { flagSet, flagString, parseArgs } from '../../src/cli/args.js';
import { optionsFromFlags } from '../../src/cli/commands/submit.js';
import { keyValues } from '../../src/cli/commands/profile.js';

describe('parseArgs', () => {
  it('splits flags, values, positionals and the words after --', () => {
    const a = parseArgs(['--cores', '2', '--mem=4G', '--wait', 'x', '--', 'echo', '--not-a-flag', 'a b'], new Set(['wait']));
    expect(a.flags.get('cores')).toBe('2');
    expect(a.flags.get('mem')).toBe('4G');
    expect(a.flags.get('wait')).toBe(true);
    expect(a.positionals).toEqual(['x']);
    expect(a.rest).toEqual(['echo', '--not-a-flag', 'a b']);
  });

  it('maps short aliases and never lets a boolean flag eat the next word', () => {
    const a = parseArgs(['-n', 'dir', '-s', 'sfx'], new Set(['dry-run']), { n: 'dry-run', s: 'suffix' });
    expect(flagSet(a, 'dry-run')).toBe(true);
    expect(flagString(a, 'suffix')).toBe('sfx');
    expect(a.positionals).toEqual(['dir']);
  });
});

describe('submit flags', () => {
  it('turn kebab-case flags into option names and split depends', () => {
    const a = parseArgs(['--tasks-per-node', '4', '--depends', '11,12', '--json'], new Set(['json']));
    expect(optionsFromFlags(a)).toEqual({ tasksPerNode: '4', depends: ['11', '12'] });
  });
});

describe('profile key=value words', () => {
  it('keep everything after the first = as the value', () => {
    expect(keyValues(['mem=4G', 'extra=--gres=gpu:1'])).toEqual({ mem: '4G', extra: '--gres=gpu:1' });
  });
  it('refuse a word without =', () => {
    expect(() => keyValues(['cores'])).toThrow(/key=value/);
  });
});
