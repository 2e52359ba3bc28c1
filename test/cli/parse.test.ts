import { describe, expect, it } from 'vitest';
import { keyValues } from '../../src/cli/commands/profile.js';
import { submitCommand } from '../../src/cli/commands/submit.js';
import { dependsFromFlag } from '../../src/cli/depends-flag.js';
import { OPTION_FLAGS, optionsFromLine } from '../../src/cli/option-flags.js';
import { parseCommandLine, UsageError } from '../../src/cli/parse.js';
import { OPTION_TABLE } from '../../src/options/table.js';
import { thrown } from '../helpers/thrown.js';

const submitLine = (argv: string[]) => parseCommandLine(argv, submitCommand.flags, { stopAtPositional: true, usage: 'u' });

describe('parseCommandLine', () => {
  it('ends flags at the command: a table boolean never takes the next word', () => {
    const line = submitLine(['--kill-on-invalid-dep', '--cores', '2', 'echo', '--not-a-flag', 'hi']);
    expect(line.values).toEqual({ 'kill-on-invalid-dep': true, cores: '2' });
    expect([...line.positionals, ...line.rest]).toEqual(['echo', '--not-a-flag', 'hi']);
    expect(optionsFromLine(line)).toEqual({ killOnInvalidDep: true, cores: '2' });
  });

  it('accepts synonyms and snake_case spellings as the option, and = values', () => {
    const line = submitLine(['--cpus=4', '--kill_on_invalid_dep', '--memory', '2G', '--tasks-per-node', '3', '--', 'x']);
    expect(optionsFromLine(line)).toEqual({ cores: '4', killOnInvalidDep: true, mem: '2G', tasksPerNode: '3' });
  });

  it('reports each unknown flag once, with one suggestion folded to the option (cors -> cores)', () => {
    const err = thrown(() => submitLine(['--cors', '2', '--cors', '3', '--tme', '1h', 'true']));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message.match(/unknown flag --cors/g)).toHaveLength(1);
    expect(err.message).toContain('unknown flag --cors (did you mean --cores?)');
    expect(err.message).toContain('unknown flag --tme (did you mean --time?)');
  });

  it('refuses a value flag without a value, and a value on a boolean', () => {
    expect(thrown(() => submitLine(['--mem'])).message).toMatch(/--mem needs a value/);
    expect(thrown(() => submitLine(['--mem', '--cores', '2', 'x'])).message).toMatch(/--mem needs a value/);
    expect(thrown(() => submitLine(['--exclusive=yes', 'x'])).message).toMatch(/--exclusive takes no value/);
  });

  it('has one flag per table row, booleans as booleans', () => {
    expect(Object.keys(OPTION_FLAGS)).toHaveLength(OPTION_TABLE.length);
    for (const row of OPTION_TABLE) {
      const flag = Object.values(OPTION_FLAGS).find((f) => f.aliases?.includes(row.name)) ?? OPTION_FLAGS[row.name];
      expect(flag?.type).toBe(row.type === 'bool' ? 'boolean' : 'string');
    }
  });
});

describe('--depends', () => {
  it('takes plain ids, afterok:, afterany:, afternotok: (comma-separated, repeated, or Slurm colon lists)', () => {
    expect(dependsFromFlag(['11,12'])).toEqual(['11', '12']);
    expect(dependsFromFlag(['afterany:3081'])).toEqual({ afterany: ['3081'] });
    expect(dependsFromFlag(['afterok:1:2,afternotok:3', '4'])).toEqual({ afterok: ['1', '2', '4'], afternotok: ['3'] });
    expect(thrown(() => dependsFromFlag(['singleton:1'])).message).toMatch(/unknown dependency kind 'singleton'/);
    expect(thrown(() => dependsFromFlag(['afterok:'])).message).toMatch(/empty job id/);
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
