/**
 * Conversion between normalised option values and what the INI file holds. Values are
 * written in forms that read back to the same value: times as HH:MM:SS (a bare number
 * would be read as minutes), memory as MB, lists as `key[] = item` lines.
 */
import { ProfileError } from '../errors.js';
import { findOption } from '../options/normalize.js';
import { formatHms } from '../options/units.js';
import type { CheckedOptions, DependencyRef } from '../options/types.js';

// Control keys that make sense in a stored profile; the others describe one call.
const STORABLE_CONTROL = new Set(['qtype', 'remote']);

function refId(ref: DependencyRef): string {
  if (typeof ref === 'object') {
    if (!ref.id) throw new ProfileError('A profile cannot store a dependency on a job that has no id yet');
    return ref.id;
  }
  return String(ref);
}

function toIniValue(key: string, value: unknown): unknown {
  const spec = findOption(key);
  if (!spec) {
    if (!STORABLE_CONTROL.has(key)) throw new ProfileError(`'${key}' describes one call and cannot be stored in a profile`);
    if (typeof value !== 'string') throw new ProfileError(`'${key}' can be stored in a profile only as a string`);
    return value;
  }
  switch (spec.type) {
    case 'duration':
      return formatHms(value as number);
    case 'map':
      return Object.entries(value as Record<string, string>).map(([k, v]) => `${k}=${v}`);
    case 'depends':
      if (!Array.isArray(value)) throw new ProfileError('A profile can store dependencies only as a list of job ids');
      return value.map(refId);
    case 'list':
      return [...(value as string[])];
    default:
      return value;
  }
}

/** The INI section for checked options (only the keys that were set). */
export function toIniSection(options: CheckedOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    const ini = toIniValue(key, value);
    // An empty list writes no `key[]` line at all; leave it out rather than store nothing.
    if (Array.isArray(ini) && ini.length === 0) continue;
    out[key] = ini;
  }
  return out;
}

/**
 * Raw values of one INI section as option input. The ini parser turns true/false into
 * booleans; they go back to text so every type coerces them the same way. null stays
 * null: in a profile it unsets a value an earlier profile gave.
 */
export function fromIniSection(section: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(section)) {
    out[key] = typeof value === 'boolean' ? String(value) : value;
  }
  return out;
}
