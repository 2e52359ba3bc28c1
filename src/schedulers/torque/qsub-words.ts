/**
 * Which values may reach `qsub`'s command line. Slurm's Torque compatibility `qsub`
 * (slurm-wlm-torque, a Perl script) does not exec sbatch with an argv: it pastes the values of
 * `-o`, `-e`, `-W depend=` and the script path into one string and runs it through `/bin/sh`
 * (`` `$command 2>&1` ``). A value with a space is split, and one with `$(...)`, backticks or
 * `;` runs a command on the submit host. Real Torque's qsub does not do this, but hpcq cannot
 * tell the two apart, so only words that mean the same to a shell and to qsub pass.
 */
import { OptionError } from '../../errors.js';

/** Characters a shell leaves alone in an unquoted word (no expansion, splitting or globbing). */
const SHELL_WORD_CHAR = /[A-Za-z0-9_@+=:,./-]/;

/** The parts of a qsub command line that carry user-influenced values. */
export type QsubRole = 'outfile' | 'errfile' | 'depends' | 'script';

/** Describe a character for a message: printable ones quoted, others by code point. */
function describeChar(ch: string): string {
  if (ch === '\n') return 'a newline';
  if (ch === ' ') return 'a space';
  const code = ch.codePointAt(0)!;
  return code < 0x20 || code === 0x7f ? `the control character U+${code.toString(16).padStart(4, '0')}` : `"${ch}"`;
}

/** The first character of `value` that qsub's shell line cannot carry, or undefined when safe. */
export function unsafeQsubChar(value: string): string | undefined {
  // A leading '-' would be read as another option.
  if (value.startsWith('-')) return '-';
  return [...value].find((ch) => !SHELL_WORD_CHAR.test(ch));
}

/**
 * `value` unchanged when qsub can carry it; otherwise an OptionError that names the option, the
 * character and why, so nothing is run and the user knows what to change.
 */
export function qsubWord(role: QsubRole, value: string): string {
  const bad = unsafeQsubChar(value);
  if (bad === undefined && value !== '') return value;
  const option = role;
  const what = bad === undefined ? 'is empty' : `contains ${describeChar(bad)}${bad === '-' ? ' at the start' : ''}`;
  throw new OptionError([
    {
      code: 'invalid_value',
      option,
      message:
        `${option} ${JSON.stringify(value)} ${what}, which qsub cannot pass on safely: Slurm's qsub ` +
        'wrapper runs its arguments through a shell, where it would split the value or run part of it as a ' +
        'command. Use letters, digits and _ @ + = : , . / - only (a relative outfile/errfile inside filedir ' +
        'is passed by its file name only).',
    },
  ]);
}
