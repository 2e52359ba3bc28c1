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
  if (typeof raw === 'object' && raw !== null && !isArraySafe(raw)) return undefined;
  return { code: 'invalid_type', option: '(options)', message: `options must be an object of keywords (got ${describeValue(raw)})`, ...(source ? { source } : {}) };
}

/** The issue for a value whose reading threw (a getter or a Proxy trap of the caller's). */
export function thrownIssue(err: unknown): { code: 'invalid_type'; message: string } {
  let why: string;
  try {
    why = err instanceof Error ? err.message : describeValue(err);
  } catch {
    why = 'unreadable error';
  }
  return { code: 'invalid_type', message: `could not be read (${describeValue(why)})` };
}

// Array.isArray throws on a revoked Proxy; such a value is not an options object either.
function isArraySafe(v: object): boolean {
  try {
    return Array.isArray(v);
  } catch {
    return true;
  }
}

/**
 * A plain copy of the caller's options object, read once. Throws an OptionError when it is
 * not an object, or when reading it throws (a getter or a Proxy trap), instead of letting a
 * TypeError from the caller's object escape.
 */
export function readOptionsObject(raw: unknown): Record<string, unknown> {
  const shape = notAnObjectIssue(raw);
  if (shape) throw new OptionError([shape]);
  try {
    return Object.fromEntries(Object.entries(raw as object));
  } catch (err) {
    const issue = thrownIssue(err);
    throw new OptionError([{ ...issue, option: '(options)', message: `options ${issue.message}` }]);
  }
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
