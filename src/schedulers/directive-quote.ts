/**
 * Quoting for values in `#SBATCH` / `#PBS` lines. These lines are not read by a shell:
 * sbatch splits them itself (src/sbatch/opt.c, `_get_argument`): whitespace separates
 * arguments unless inside '...' or "...", a backslash makes the next character literal
 * (also inside quotes), an unquoted '#' starts a comment, and a line containing "hetjob"
 * or "packjob" anywhere (any case) is taken as a heterogeneous-job separator. A newline
 * cannot be represented at all. Torque's qsub reads the same double-quoted form.
 */

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;
const SEPARATOR_WORD = /(?:het|pack)job/i;

/** Replace line breaks and other control characters, which no directive can carry, by spaces. */
export function singleLine(value: string): string {
  return value.replace(/[\x00-\x08\x0a-\x1f\x7f]/g, ' ');
}

/**
 * Quote one directive value so sbatch (and qsub) read it back exactly (after `singleLine`):
 * safe words stay bare, anything else is double-quoted with `\` and `"` escaped.
 */
export function quoteDirectiveValue(value: string): string {
  const flat = singleLine(value);
  if (flat !== '' && SAFE.test(flat) && !SEPARATOR_WORD.test(flat)) return flat;
  // An escaped 'j' reads back as 'j' but the raw line no longer contains the separator word.
  const escaped = flat.replace(/[\\"]/g, '\\$&').replace(/(het|pack)(job)/gi, '$1\\$2');
  return `"${escaped}"`;
}
