/**
 * Unit parsing for memory, durations and job-array specifications, and the time formats
 * the schedulers read. Pure functions; they return a message instead of throwing so the
 * caller can collect every problem.
 */

/** A parsed value or the reason it could not be parsed. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; code: 'invalid_value' | 'out_of_range'; message: string };

import { describeValue } from '../errors.js';

const MEMORY_UNITS: Record<string, number> = { k: 1 / 1024, m: 1, g: 1024, t: 1024 * 1024 };
export const MEMORY_FORMS = "a number of MB, or a number with a unit K, M, G or T (optional B or iB, any case; 1G = 1024M), e.g. '4000', '512M', '20GB', '1.5T'";

/** Memory in MB (integer, rounded up) from a number of MB or a string with a unit. */
export function parseMemory(input: number | string): Parsed<number> {
  let mb: number;
  if (typeof input === 'number') {
    mb = input;
  } else {
    const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(?:([kmgt])(?:i?b)?)?\s*$/i.exec(input);
    if (!m) return { ok: false, code: 'invalid_value', message: `${describeValue(input)} is not a memory size; use ${MEMORY_FORMS}` };
    mb = Number(m[1]) * MEMORY_UNITS[(m[2] ?? 'm').toLowerCase()]!;
  }
  if (!Number.isFinite(mb)) return { ok: false, code: 'invalid_value', message: `${describeValue(input)} is not a memory size; use ${MEMORY_FORMS}` };
  if (mb <= 0) return { ok: false, code: 'out_of_range', message: `memory must be more than 0 (got ${describeValue(input)})` };
  // Beyond this the directive would be written in exponent form, which no scheduler reads.
  if (mb > Number.MAX_SAFE_INTEGER) return { ok: false, code: 'out_of_range', message: `memory is absurdly large (got ${describeValue(input)})` };
  return { ok: true, value: Math.ceil(mb) };
}

export const DURATION_FORMS =
  "'MM', 'MM:SS', 'HH:MM:SS', 'D-HH', 'D-HH:MM', 'D-HH:MM:SS', or units like '90m', '2h', '1d12h', '1h30m', '45s' (a bare number is minutes)";

function checkedSeconds(d: number, h: number, m: number, s: number, limits: { h?: boolean; m?: boolean }, input: string): Parsed<number> {
  if (limits.h && h >= 24) return { ok: false, code: 'out_of_range', message: `${describeValue(input)}: hours must be below 24 after a day count` };
  if (limits.m && m >= 60) return { ok: false, code: 'out_of_range', message: `${describeValue(input)}: minutes must be below 60` };
  if (s >= 60) return { ok: false, code: 'out_of_range', message: `${describeValue(input)}: seconds must be below 60` };
  return positive(((d * 24 + h) * 60 + m) * 60 + s, input);
}

function positive(seconds: number, input: string | number): Parsed<number> {
  if (!Number.isFinite(seconds)) return { ok: false, code: 'invalid_value', message: `${describeValue(input)} is not a duration; use ${DURATION_FORMS}` };
  if (seconds <= 0) return { ok: false, code: 'out_of_range', message: `a time limit must be more than 0 (got ${describeValue(input)})` };
  if (seconds > Number.MAX_SAFE_INTEGER) return { ok: false, code: 'out_of_range', message: `a time limit is absurdly long (got ${describeValue(input)})` };
  return { ok: true, value: Math.ceil(seconds) };
}

/** Parse `D-HH[:MM[:SS]]`, `MM`, `MM:SS`, `HH:MM:SS`. Undefined when the text has none of these shapes. */
function parseColonForm(t: string): Parsed<number> | undefined {
  const withDays = /^(\d+)-(\d+)(?::(\d+)(?::(\d+))?)?$/.exec(t);
  if (withDays) {
    const [d, h, m, s] = withDays.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number];
    return checkedSeconds(d, h, m, s, { h: true, m: true }, t);
  }
  const parts = /^\d+(?::\d+){0,2}$/.test(t) ? t.split(':').map(Number) : undefined;
  if (!parts) return undefined;
  // Slurm reads one number as minutes, two as minutes:seconds, three as hours:minutes:seconds.
  if (parts.length === 1) return positive(parts[0]! * 60, t);
  if (parts.length === 2) return checkedSeconds(0, 0, parts[0]!, parts[1]!, {}, t);
  return checkedSeconds(0, parts[0]!, parts[1]!, parts[2]!, { m: true }, t);
}

const UNIT_FORM = /^(?:(\d+(?:\.\d+)?)d)?(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?:in)?)?(?:(\d+(?:\.\d+)?)s)?$/i;

/** A duration in seconds. A number is minutes (Slurm's convention). */
export function parseDuration(input: number | string): Parsed<number> {
  if (typeof input === 'number') return positive(input * 60, input);
  const t = input.trim().replace(/\s+/g, '');
  const colon = parseColonForm(t);
  if (colon) return colon;
  const u = UNIT_FORM.exec(t);
  if (t !== '' && u && u.slice(1).some((x) => x !== undefined)) {
    const [d, h, m, s] = u.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number];
    return positive(((d * 24 + h) * 60 + m) * 60 + s, input);
  }
  return { ok: false, code: 'invalid_value', message: `${describeValue(input)} is not a duration; use ${DURATION_FORMS}` };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Seconds as `HH:MM:SS`, hours not wrapped at 24 (Torque walltime, INI files). */
export function formatHms(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  return `${pad(h)}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
}

/** Seconds as Slurm's `D-HH:MM:SS` (or `HH:MM:SS` below one day). */
export function formatSlurmTime(seconds: number): string {
  const days = Math.floor(seconds / 86400);
  const rest = formatHms(seconds % 86400);
  return days > 0 ? `${days}-${rest}` : rest;
}

export const RANGE_FORMS = "'0-99', '0-99%10', '1,3,5-7', '0-15:4'";

/** Validate a job array specification; returns it without spaces. */
export function parseArraySpec(input: number | string): Parsed<string> {
  const t = String(input).replace(/\s+/g, '');
  const m = /^((?:\d+(?:-\d+(?::\d+)?)?)(?:,\d+(?:-\d+(?::\d+)?)?)*)(?:%(\d+))?$/.exec(t);
  if (!m) return { ok: false, code: 'invalid_value', message: `${describeValue(input)} is not a job array specification; use ${RANGE_FORMS}` };
  for (const item of m[1]!.split(',')) {
    const [range, step] = item.split(':');
    const [a, b] = range!.split('-').map(Number);
    if (b !== undefined && b < a!) return { ok: false, code: 'out_of_range', message: `${describeValue(input)}: range ${range} goes backwards` };
    if (step !== undefined && Number(step) < 1) return { ok: false, code: 'out_of_range', message: `${describeValue(input)}: step must be at least 1` };
  }
  if (m[2] !== undefined && Number(m[2]) < 1) return { ok: false, code: 'out_of_range', message: `${describeValue(input)}: the %limit must be at least 1` };
  return { ok: true, value: t };
}
