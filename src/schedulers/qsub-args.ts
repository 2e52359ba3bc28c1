/**
 * Directive values that Torque's and Grid Engine's qsub spell alike: the export list (`-V`,
 * `-v a,b`) and the mail letters of `-m` (`a`bort, `b`egin, `e`nd, `n`one).
 */
import type { CheckedOptions } from '../options/types.js';
import { arg, exportNames, q } from './directive-args.js';

const MAIL: Record<string, string> = { FAIL: 'a', BEGIN: 'b', END: 'e', ALL: 'abe', NONE: 'n' };

/** Slurm's mail types as qsub's `-m` letters (`n` only alone); undefined when none maps. */
export function qsubMailLetters(types: string[]): string | undefined {
  const letters = new Set(types.flatMap((t) => [...(MAIL[t] ?? '')]));
  if (letters.has('n') && letters.size > 1) letters.delete('n');
  const out = ['a', 'b', 'e', 'n'].filter((l) => letters.has(l)).join('');
  return out || undefined;
}

/** `-V` for ALL, `-v a,b` for names (their values come from the submitting environment); NONE is the default. */
export function qsubExportLines(o: CheckedOptions): string[] {
  const names = exportNames(o);
  const upper = names.map((s) => s.toUpperCase());
  const out = upper.includes('ALL') ? ['-V'] : [];
  const list = names.filter((_, i) => upper[i] !== 'ALL' && upper[i] !== 'NONE');
  if (list.length) out.push(arg('-v', q(list.join(','))));
  return out;
}
