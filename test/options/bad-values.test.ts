/**
 * The bad option values found by the adversarial trial, each pinned by name: every one is an
 * OptionError (an HpcqError), never a TypeError, and an impossible queue limit never hangs.
 */
import { describe, expect, it } from 'vitest';
import { makeJob, submit } from '../../src/api/index.js';
import { describeValue, HpcqError, OptionError } from '../../src/errors.js';
import { checkOptions, OPTION_TABLE } from '../../src/options/index.js';
import { hostileValues } from '../corpus/hostile-values.js';
import { useFileTempConfig } from '../helpers/temp-config.js';
import { thrown } from '../helpers/thrown.js';

const config = useFileTempConfig('hpcq-bad-values-');

describe('describeValue', () => {
  it('describes every hostile value in a short line without throwing', () => {
    for (const [, value] of hostileValues()) {
      const text = describeValue(value);
      expect(text.length).toBeLessThanOrEqual(80);
      expect(text).not.toMatch(/[\n\0]/);
    }
    const cyclic: Record<string, unknown> = { a: 1n };
    cyclic.self = cyclic;
    expect(describeValue(cyclic)).toBe('{a: 1n, self: [Circular]}');
    expect(describeValue(Object.assign(Object.create(null), { on: true }))).toBe('[null prototype] {on: true}');
    expect(describeValue('a\0b\nc')).toBe("'a\\u0000b\\nc'");
    expect(describeValue(Symbol('s'))).toBe('Symbol(s)');
  });
});

describe('bad option values', () => {
  it('a null-prototype object as a boolean is an OptionError', () => {
    const err = thrown(() => checkOptions({ exclusive: Object.create(null) }));
    expect(err).toBeInstanceOf(OptionError);
    expect(err.message).toContain('exclusive: must be true or false (got [null prototype] {})');
  });

  it('checkOptions(null) and submit(cmd, null) are OptionErrors', async () => {
    expect(thrown(() => checkOptions(null as never))).toBeInstanceOf(OptionError);
    await expect(submit('true', null as never)).rejects.toBeInstanceOf(OptionError);
    expect(thrown(() => makeJob('true', 'cores=2' as never))).toBeInstanceOf(OptionError);
  });

  it('a Symbol, a NUL byte or a Job-like object with a bad id in depends is an OptionError', () => {
    for (const depends of [Symbol('job'), [Symbol('job')], { afterok: [Symbol('x')] }, 'a\0b', { id: Symbol('id') }, [1, , 2]]) {
      expect(thrown(() => checkOptions({ depends }))).toBeInstanceOf(OptionError);
    }
  });

  it('maxQueueLen -1, 0, NaN, Infinity and 1.5 are refused at once instead of waiting forever', async () => {
    for (const maxQueueLen of [-1, 0, NaN, Infinity, 1.5, '10' as never]) {
      const started = Date.now();
      await expect(submit('true', { qtype: 'slurm', filedir: config.dir, maxQueueLen })).rejects.toBeInstanceOf(OptionError);
      await expect(makeJob('true', { qtype: 'slurm', filedir: config.dir }).submit({ maxQueueLen })).rejects.toThrow(/maxQueueLen: must be a whole number/);
      expect(Date.now() - started).toBeLessThan(1000);
    }
  });

  it('a NUL byte in any string option, and in the job name, is an OptionError', () => {
    const strings = OPTION_TABLE.filter((row) => row.type === 'string').map((row) => row.name);
    expect(strings.length).toBeGreaterThan(10);
    for (const key of [...strings, 'name', 'profile']) {
      const err = thrown(() => checkOptions({ [key]: 'a\0b' }));
      expect(err, key).toBeInstanceOf(OptionError);
      expect((err as OptionError).issues[0]!.option).toBe(key);
    }
  });

  it('absurd numbers are out of range rather than rendered in exponent form', () => {
    for (const [key, value] of [['cores', 1e21], ['mem', 1e300], ['time', 1e300], ['nodes', '99999999999999999999']] as const) {
      const err = thrown(() => checkOptions({ [key]: value }));
      expect(err, key).toBeInstanceOf(OptionError);
      expect((err as OptionError).issues[0]!.code).toBe('out_of_range');
    }
  });

  it('a Map as env is refused instead of silently giving no variables', () => {
    const err = thrown(() => checkOptions({ env: new Map([['A', '1']]) }));
    expect(err).toBeInstanceOf(HpcqError);
    expect(err.message).toContain('env: must be an object of variables');
  });
});
