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

/** Split a Slurm job or step id. Returns undefined when the text is not one. */
export function splitSlurmId(text: string): SplitId | undefined {
  const m = SLURM_ID.exec(text.trim());
  if (!m) return undefined;
  const [, base, index, het, step] = m;
  let id = base!;
  if (index !== undefined) id += `_${index}`;
  if (het !== undefined) id += `+${het}`;
  return {
    id,
    baseId: base!,
    ...(index !== undefined ? { arrayIndex: index.replace(/^\[|\]$/g, '') } : {}),
    ...(step !== undefined ? { step: fullStepName(step) } : {}),
  };
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
 * Expand a Slurm node list (`tux[1-3,7],login1`) into names. Ranges keep their zero padding;
 * very large ranges are left unexpanded so a parser never allocates without bound.
 */
export function expandNodeList(list: string | undefined): string[] | undefined {
  if (list === undefined) return undefined;
  const text = list.trim();
  if (text === '' || /^\(?null\)?$/i.test(text) || /^none/i.test(text) || text.startsWith('(')) return undefined;
  const parts = text.match(/[^,[]+(?:\[[^\]]*\])?[^,]*/g) ?? [];
  const out: string[] = [];
  for (const part of parts) {
    const m = /^([^[]*)\[([^\]]*)\](.*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    const [, prefix, ranges, suffix] = m;
    for (const range of ranges!.split(',')) {
      const [lo, hi] = range.split('-');
      if (hi === undefined || Number(hi) - Number(lo) > 4096) {
        out.push(`${prefix}${range}${suffix}`);
        continue;
      }
      for (let n = Number(lo); n <= Number(hi); n++) out.push(`${prefix}${String(n).padStart(lo!.length, '0')}${suffix}`);
    }
  }
  return out;
}

/** Parse a scheduler time: epoch seconds, ISO-like local time, or Torque's `Fri Jun 23 06:35:59 2017`. */
export function parseTime(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (t === '' || /^(unknown|none|n\/a|\(null\)|invalid|0)$/i.test(t)) return undefined;
  if (/^\d{9,}$/.test(t)) return new Date(Number(t) * 1000);
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Parse a non-negative integer cell, or undefined. */
export function parseCount(text: string | undefined): number | undefined {
  return text !== undefined && /^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined;
}
