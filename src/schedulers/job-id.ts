/**
 * Job id forms across schedulers, split into the job's own id, its array index and its step.
 * Slurm: `123`, array tasks `123_4`, pending ranges `123_[1-10%2]`, `123_[1,3,5-7]`, het
 * components `123+0`, steps `123.batch`, `123.extern`, `123.0`, `123_4.batch`.
 * Torque/PBS: `123.server`, array tasks `123[4].server`, array parents `123[].server`.
 */

export interface SplitId {
  /** The id without its step: what a job record is keyed by (`123_4`, `123+0`, `123[4].srv`). */
  id: string;
  /** The id of the job or array as submitted (`123`, `123[].srv` → `123[]`-less base `123`). */
  baseId: string;
  arrayIndex?: string;
  /** Step name (`batch`, `extern`, `0`) when the id names a step. */
  step?: string;
}

const SLURM_ID = /^(\d+)(?:_(\d+|\[[^\]]*\]))?(?:\+(\d+))?(?:\.([A-Za-z0-9_+-]+))?$/;

/** Whether a string looks like a Slurm job or step id. */
export function isSlurmId(text: string): boolean {
  return SLURM_ID.test(text.trim());
}

/** Step names sacct's aligned table cuts short (`123.ba+`, `123.exte+`, `123.in+`). */
const NAMED_STEPS = ['batch', 'extern', 'interactive'];

/** The full name of a step cut to fit a column (`ba+` → `batch`); other steps unchanged. */
function fullStepName(step: string): string {
  if (!step.endsWith('+')) return step;
  const prefix = step.slice(0, -1);
  return NAMED_STEPS.find((n) => prefix !== '' && n.startsWith(prefix)) ?? step;
}

/** Whether a character code is a digit. */
const isDigit = (c: number) => c >= 48 && c <= 57;

/** Whether a character code may be in a step name (`[A-Za-z0-9_+-]`). */
const isStepChar = (c: number) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 43 || c === 45;

/**
 * The common ids, `123` and `123.batch`, split by character codes (the regex and its four
 * captures were a large part of a row's cost); undefined for any other form, which the regex reads.
 */
function plainSlurmId(text: string): SplitId | undefined {
  let i = 0;
  while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  if (i === 0) return undefined;
  if (i === text.length) return { id: text, baseId: text };
  if (text.charCodeAt(i) !== 46 || i + 1 === text.length) return undefined;
  for (let j = i + 1; j < text.length; j++) if (!isStepChar(text.charCodeAt(j))) return undefined;
  const base = text.slice(0, i);
  return { id: base, baseId: base, step: fullStepName(text.slice(i + 1)) };
}

/** Split a Slurm job or step id. Returns undefined when the text is not one. */
export function splitSlurmId(text: string): SplitId | undefined {
  const plain = plainSlurmId(text);
  if (plain) return plain;
  const m = SLURM_ID.exec(text.trim());
  if (!m) return undefined;
  const [, base, index, het, step] = m;
  let id = base!;
  if (index !== undefined) id += `_${index}`;
  if (het !== undefined) id += `+${het}`;
  const split: SplitId = { id, baseId: base! };
  if (index !== undefined) split.arrayIndex = index.replace(/^\[|\]$/g, '');
  if (step !== undefined) split.step = fullStepName(step);
  return split;
}

const PBS_ID = /^(\d+)(?:\[(\d*)\])?(?:\.(.*))?$/;

/** Split a Torque/PBS id (`123.server`, `123[4].server`, `123[].server`). */
export function splitPbsId(text: string): SplitId | undefined {
  const trimmed = text.trim();
  const m = PBS_ID.exec(trimmed);
  if (!m) return undefined;
  const [, base, index] = m;
  return {
    id: trimmed,
    baseId: base!,
    ...(index !== undefined && index !== '' ? { arrayIndex: index } : {}),
  };
}

/**
 * How many node names one parse may still expand. A list like `n[1-4096]` is 9 characters
 * and expands to 4096 names; without a bound for the whole text, a megabyte of such rows
 * would allocate hundreds of millions of strings. Past the budget, lists stay folded.
 */
export interface NodeBudget {
  left: number;
}

/** The node-name budget for one parse of `text`: far above any real listing, linear in its size. */
export function nodeBudget(text: string): NodeBudget {
  return { left: 65_536 + 2 * text.length };
}

/** Largest single range expanded (a bigger one stays folded as the scheduler wrote it). */
const MAX_RANGE = 4096;

/**
 * Expand a Slurm node list (`tux[1-3,7],login1`) into names. Ranges keep their zero padding;
 * ranges too large for one range or for the parse's budget are kept as written
 * (`tux[1-100000]`), so a parser never allocates without bound.
 */
export function expandNodeList(list: string | undefined, budget: NodeBudget = { left: MAX_RANGE * 4 }): string[] | undefined {
  if (list === undefined) return undefined;
  const text = list.trim();
  if (text === '' || /^\(?null\)?$/i.test(text) || /^none/i.test(text) || text.startsWith('(')) return undefined;
  // Without a range, the names are the list's non-empty comma-separated parts (most rows: one node).
  if (!text.includes('[')) return text.includes(',') ? text.split(',').filter((name) => name !== '') : [text];
  const parts = text.match(/[^,[]+(?:\[[^\]]*\])?[^,]*/g) ?? [];
  const out: string[] = [];
  for (const part of parts) {
    const m = /^([^[]*)\[([^\]]*)\](.*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    const [, prefix, ranges, suffix] = m as unknown as [string, string, string, string];
    for (const range of ranges.split(',')) {
      const r = /^(\d+)(?:-(\d+))?$/.exec(range);
      const [lo, hi] = r ? [Number(r[1]), Number(r[2] ?? r[1])] : [NaN, NaN];
      const count = hi - lo + 1;
      if (!r || !(count >= 1) || count > MAX_RANGE || count > budget.left) {
        out.push(`${prefix}[${range}]${suffix}`);
        continue;
      }
      budget.left -= count;
      for (let n = lo; n <= hi; n++) out.push(`${prefix}${String(n).padStart(r[1]!.length, '0')}${suffix}`);
    }
  }
  return out;
}

/** The two-digit number at `at`, or NaN when either character is not a digit. */
function twoDigits(text: string, at: number): number {
  const hi = text.charCodeAt(at) - 48;
  const lo = text.charCodeAt(at + 1) - 48;
  return hi >= 0 && hi <= 9 && lo >= 0 && lo <= 9 ? hi * 10 + lo : NaN;
}

/**
 * Slurm's own form, `YYYY-MM-DDTHH:MM:SS` (local time), read by character codes: the regex
 * and its six captured strings were most of a row's cost. Undefined when `t` is not that form.
 */
function slurmLocalTime(t: string): Date | undefined {
  if (t.length !== 19 || t[4] !== '-' || t[7] !== '-' || t[10] !== 'T' || t[13] !== ':' || t[16] !== ':') return undefined;
  const parts = [twoDigits(t, 0) * 100 + twoDigits(t, 2), twoDigits(t, 5), twoDigits(t, 8), twoDigits(t, 11), twoDigits(t, 14), twoDigits(t, 17)];
  if (parts.some(Number.isNaN)) return undefined;
  const [year, month, day, hour, minute, second] = parts as [number, number, number, number, number, number];
  return new Date(year, month - 1, day, hour, minute, second);
}

/** Words that mean no time at all. */
const NO_TIME = /^(unknown|none|n\/a|\(null\)|invalid|0)$/i;

/** Parse a scheduler time: epoch seconds, ISO-like local time, or Torque's `Fri Jun 23 06:35:59 2017`. */
export function parseTime(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (t === '' || NO_TIME.test(t)) return undefined;
  const d = slurmLocalTime(t) ?? (/^\d{9,}$/.test(t) ? new Date(Number(t) * 1000) : new Date(t));
  // Out-of-range epochs and unreadable text give no time rather than an Invalid Date.
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Parse a non-negative integer cell, or undefined. */
export function parseCount(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+$/.test(text.trim())) return undefined;
  // A run of digits past 2^53 is no count any scheduler prints (and may read as Infinity).
  const n = Number(text.trim());
  return Number.isSafeInteger(n) ? n : undefined;
}
