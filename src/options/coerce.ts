/**
 * Turns one raw value (from code, an INI file or the command line) into the normalised
 * value of its table type, or explains why it cannot.
 */
import { describeValue as show } from '../errors.js';
import type { OptionSpec } from './spec.js';
import { DEPENDENCY_KINDS, normalizeDepends } from '../core/dependencies.js';
import type { DependsValue } from './types.js';
import { parseArraySpec, parseDuration, parseMemory, type Parsed } from './units.js';

type Coerced = Parsed<unknown> | { ok: false; code: 'invalid_type'; message: string };

const badType = (want: string, v: unknown): Coerced => ({ ok: false, code: 'invalid_type', message: `must be ${want} (got ${show(v)})` });

function coerceInt(spec: OptionSpec, v: unknown): Coerced {
  const n = typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n)) return badType('a whole number', v);
  const min = spec.min ?? Number.MIN_SAFE_INTEGER;
  if (n < min) return { ok: false, code: 'out_of_range', message: `must be at least ${min} (got ${show(v)})` };
  // Past 2^53 integers lose precision and render in exponent form ('1e+21').
  if (n > Number.MAX_SAFE_INTEGER) return { ok: false, code: 'out_of_range', message: `must be at most ${Number.MAX_SAFE_INTEGER} (got ${show(v)})` };
  return { ok: true, value: n };
}

function coerceNumber(spec: OptionSpec, v: unknown): Coerced {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) return badType('a number', v);
  if (spec.min !== undefined && n < spec.min) return { ok: false, code: 'out_of_range', message: `must be at least ${spec.min} (got ${show(v)})` };
  return { ok: true, value: n };
}

const TRUE = new Set(['true', 'yes', 'on', '1', 'y']);
const FALSE = new Set(['false', 'no', 'off', '0', 'n']);

function coerceBool(v: unknown): Coerced {
  if (typeof v === 'boolean') return { ok: true, value: v };
  // Only text and numbers are read as words: String() of a null-prototype object throws.
  if (typeof v !== 'string' && typeof v !== 'number') return badType('true or false', v);
  const key = String(v).trim().toLowerCase();
  if (TRUE.has(key)) return { ok: true, value: true };
  if (FALSE.has(key)) return { ok: true, value: false };
  return badType('true or false', v);
}

function coerceString(v: unknown): Coerced {
  if (typeof v === 'number' && Number.isFinite(v)) return { ok: true, value: String(v) };
  if (typeof v !== 'string') return badType('a string', v);
  if (v.trim() === '') return { ok: false, code: 'invalid_value', message: 'must not be empty' };
  // A newline would end a directive line and start a new one; a NUL cannot reach a file name or argv.
  if (/[\r\n\0]/.test(v)) return { ok: false, code: 'invalid_value', message: `must not contain a newline or NUL byte (got ${show(v)})` };
  return { ok: true, value: v };
}

function coerceList(spec: OptionSpec, v: unknown): Coerced {
  let items: unknown[];
  if (Array.isArray(v)) items = v;
  else if (typeof v === 'string') items = v.split(spec.separator === 'line' ? /\r?\n/ : /[,\s]+/);
  else if (typeof v === 'number' && Number.isFinite(v)) items = [String(v)];
  else return badType('a list of strings', v);
  const out: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string' && !(typeof item === 'number' && Number.isFinite(item))) return badType('a list of strings', v);
    const s = String(item);
    if (s.trim() === '') continue;
    if (/[\r\n\0]/.test(s)) return { ok: false, code: 'invalid_value', message: `items must be single lines without NUL bytes (got ${show(s)})` };
    out.push(spec.separator === 'line' ? s : s.trim());
  }
  if (!spec.choices) return { ok: true, value: out };
  const upper = out.map((s) => s.toUpperCase());
  const wrong = upper.filter((s) => !spec.choices!.includes(s));
  if (wrong.length) return { ok: false, code: 'invalid_value', message: `${wrong.join(', ')} not allowed; choose from ${spec.choices.join(', ')}` };
  return { ok: true, value: upper };
}

// A Map, Date or class instance has no entries of its own: taking it would silently drop variables.
const isPlainObject = (v: object): boolean => [Object.prototype, null].includes(Object.getPrototypeOf(v));

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function coerceMap(v: unknown): Coerced {
  let pairs: [string, unknown][];
  if (typeof v === 'string' || Array.isArray(v)) {
    const items = typeof v === 'string' ? v.split(/[,\n]/).filter((s) => s.trim() !== '') : v;
    pairs = [];
    for (const item of items) {
      const m = typeof item === 'string' ? /^\s*([^=\s]+)=(.*)$/.exec(item) : null;
      if (!m) return badType("KEY=VALUE entries or an object", v);
      pairs.push([m[1]!, m[2]!]);
    }
  } else if (v && typeof v === 'object' && isPlainObject(v)) {
    pairs = Object.entries(v);
  } else {
    return badType('an object of variables', v);
  }
  const out: Record<string, string> = {};
  for (const [key, value] of pairs) {
    if (!ENV_NAME.test(key)) return { ok: false, code: 'invalid_value', message: `${show(key)} is not a valid environment variable name` };
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return badType('string values', v);
    const s = String(value);
    // Values are exported by the job script with shell quoting, so any text is safe except NUL.
    if (s.includes('\0')) return { ok: false, code: 'invalid_value', message: `${key}: values cannot contain a NUL byte` };
    out[key] = s;
  }
  return { ok: true, value: out };
}

/** `depends` in the one dependency module's reading (src/core/dependencies.ts), kept as given: a list or lists per kind. */
function coerceDepends(v: unknown): Coerced {
  let spec;
  try {
    spec = normalizeDepends(v);
  } catch (err) {
    const message = (err as Error).message.replace(/^depends[^:]*: /, '');
    return { ok: false, code: /^expected/.test(message) ? 'invalid_type' : 'invalid_value', message };
  }
  const kinds = DEPENDENCY_KINDS.filter((k) => spec[k].length > 0);
  const kindMap = v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype && !('id' in v) && !('name' in v);
  const asList = !kindMap && kinds.every((k) => k === 'afterok');
  const value: DependsValue = asList ? spec.afterok : Object.fromEntries(kinds.map((k) => [k, spec[k]]));
  return { ok: true, value };
}

/** Normalise one value by its row's type. */
export function coerceValue(spec: OptionSpec, value: unknown): Coerced {
  switch (spec.type) {
    case 'int':
      return coerceInt(spec, value);
    case 'number':
      return coerceNumber(spec, value);
    case 'bool':
      return coerceBool(value);
    case 'string': {
      const out = coerceString(value);
      if (out.ok && spec.fileName && !/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(String(out.value))) {
        return { ok: false, code: 'invalid_value', message: `must be a plain file-name part: letters, digits, '_', '.' and '-' (got ${show(value)})` };
      }
      return out;
    }
    case 'list':
      return coerceList(spec, value);
    case 'map':
      return coerceMap(value);
    case 'depends':
      return coerceDepends(value);
    case 'memory':
      return typeof value === 'number' || typeof value === 'string' ? parseMemory(value) : badType('a memory size', value);
    case 'duration':
      return typeof value === 'number' || typeof value === 'string' ? parseDuration(value) : badType('a duration', value);
    case 'range':
      return typeof value === 'number' || typeof value === 'string' ? parseArraySpec(value) : badType('a job array specification', value);
  }
}
