import { describe, expect, it } from 'vitest';
import * as hpcq from '../src/index.js';

// The names ../shared/DESIGN.md promises users; removing one is a breaking change.
const DESIGN_NAMES = [
  'submit', 'makeJob', 'makeJobFile', 'submitFile', 'wait', 'cancel', 'cleanDir', 'detectScheduler', 'Job',
  'Queue', 'parseSqueue', 'parseSacct', 'parseScontrol', 'parseQstat', 'parseQacct', 'parseSubmitOutput',
  'checkOptions', 'optionHelp', 'renderDirectives',
  'getProfile', 'setProfile', 'deleteProfile', 'getOption', 'setOption', 'configPath',
  'LocalRunner',
  'HpcqError', 'OptionError', 'ProfileError', 'CommandError', 'SubmitError', 'QueueError', 'ParseError', 'JobFailedError', 'RemoteError',
];

describe('public API', () => {
  it('exports every name of the design contract', () => {
    const missing = DESIGN_NAMES.filter((name) => !(name in hpcq));
    expect(missing).toEqual([]);
  });

  it('keeps the error hierarchy of the contract', () => {
    const submitError = new hpcq.SubmitError('x', { command: ['sbatch'], exitCode: 1, stdout: '', stderr: 'no' });
    expect(submitError).toBeInstanceOf(hpcq.CommandError);
    expect(submitError).toBeInstanceOf(hpcq.HpcqError);
    expect(new hpcq.QueueError('x', { command: ['squeue'], exitCode: 1, stdout: '', stderr: '' })).toBeInstanceOf(hpcq.CommandError);
    expect(new hpcq.OptionError([{ code: 'invalid_value', option: 'cores', message: 'bad' }])).toBeInstanceOf(hpcq.HpcqError);
    expect(new hpcq.ParseError('bad', 'text').text).toBe('text');
  });
});
