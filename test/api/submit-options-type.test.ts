/**
 * `SubmitOptions` is exact: a misspelled option is a compile error in TypeScript (the
 * `@ts-expect-error` lines fail `npm run typecheck` if it ever becomes loose again), and the
 * same calls from JavaScript, where no compiler looks, still get a runtime OptionError.
 */
import { describe, expect, it } from 'vitest';
import { makeJob, type SubmitOptions } from '../../src/api/index.js';
import { OptionError } from '../../src/errors.js';
import { thrown } from '../helpers/thrown.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

useFileTempConfig('hpcq-types-');

const ok: SubmitOptions = { cores: 1, time: '1h', mem: '2G', qtype: 'local', maxQueueLen: 10, depends: ['1'], env: { A: '1' } };

// @ts-expect-error 'cors' is not an option (did you mean cores?)
const misspelled: SubmitOptions = { cors: 4 };
// @ts-expect-error 'tme' is not an option
const misspelledTime: SubmitOptions = { cores: 1, tme: '1h' };
// @ts-expect-error cores is a number, not a word
const wrongType: SubmitOptions = { cores: 'four' };

describe('SubmitOptions', () => {
  it('accepts every table keyword and control key', () => {
    expect(makeJob('echo hi', ok).name).toBe('echo');
  });

  it('still rejects at run time what JavaScript callers misspell', () => {
    for (const [options, key] of [[misspelled, 'cors'], [misspelledTime, 'tme'], [wrongType, 'cores']] as const) {
      const err = thrown(() => makeJob('echo hi', { qtype: 'local', ...options }));
      expect(err).toBeInstanceOf(OptionError);
      expect((err as OptionError).issues.map((i) => i.option)).toEqual([key]);
    }
    // A call that type-checks only through a cast is still checked.
    expect(thrown(() => makeJob('echo hi', { qtype: 'local', walltme: '1h' } as unknown as SubmitOptions))).toBeInstanceOf(OptionError);
  });
});
