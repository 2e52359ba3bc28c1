/**
 * Checks for the control keys (name, args, qtype, profile, remote) and for `maxQueueLen`:
 * values that steer a call rather than describe the job, so the options table has no row
 * for them. Each check returns an issue instead of throwing, so that checkOptions can report
 * every problem at once.
 */
import { describeValue, OptionError, type OptionIssue } from '../errors.js';

/** What each control key accepts, as a test and the words used when it fails. */
const CONTROL_RULES: Record<string, { want: string; test: (v: unknown) => boolean }> = {
  name: { want: 'a non-empty string without NUL bytes', test: (v) => typeof v === 'string' && v.trim() !== '' && !v.includes('\0') },
  args: { want: 'an array of arguments', test: (v) => Array.isArray(v) },
  qtype: { want: 'a scheduler name', test: (v) => typeof v === 'string' },
  profile: { want: 'a profile name', test: (v) => typeof v === 'string' && v.trim() !== '' && !v.includes('\0') },
  remote: {
    want: "'ssh://user@host:port' or an object with a host",
    test: (v) => (typeof v === 'string' && !v.includes('\0')) || (typeof v === 'object' && v !== null && !Array.isArray(v)),
  },
};

/** The issue with one control key's value, if any. */
export function controlIssue(key: string, value: unknown, source?: string): OptionIssue | undefined {
  const rule = CONTROL_RULES[key];
  if (!rule || rule.test(value)) return undefined;
  return { code: 'invalid_type', option: key, message: `${key}: must be ${rule.want} (got ${describeValue(value)})`, ...(source ? { source } : {}) };
}

/** The issue when the options themselves are not an object (null, a string, an array). */
export function notAnObjectIssue(raw: unknown, source?: string): OptionIssue | undefined {
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) return undefined;
  return { code: 'invalid_type', option: '(options)', message: `options must be an object of keywords (got ${describeValue(raw)})`, ...(source ? { source } : {}) };
}

/**
 * Throw an OptionError unless `maxQueueLen` is a whole number of at least 1 (or undefined).
 * A negative, fractional or NaN limit could never be met, so submit() would wait forever.
 */
export function checkMaxQueueLen(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 1) return value;
  throw new OptionError([
    { code: 'invalid_value', option: 'maxQueueLen', message: `maxQueueLen: must be a whole number of at least 1 (got ${describeValue(value)})` },
  ]);
}
