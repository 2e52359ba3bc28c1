/**
 * Text a job name, argument, path or environment value may hold: shell metacharacters, quotes,
 * newlines, unicode, `$(…)` and backticks. The ones that would run a command try to create
 * `marker`, so a marker file that exists afterwards proves an injection.
 */
export function hostileStrings(marker: string): string[] {
  const touch = `touch ${marker}`;
  return [
    `$(${touch})`, `\`${touch}\``, `; ${touch}`, `| ${touch}`, `&& ${touch}`, `|| ${touch}`, `'; ${touch}; '`, `"; ${touch}; "`,
    `\\"; ${touch}; \\"`, `$(${touch})'"`, `\n${touch}`, `a\n${touch}\nb`, `\r\n${touch}`, `$'\\n${touch}'`, `\${IFS}${touch}`,
    `>${marker}`, `<(${touch})`, `#SBATCH --wrap=${touch}`, `\n#SBATCH --wrap=${touch}`, `\n#PBS -S ${marker}`, `x hetjob ${touch}`,
    '!!', '*', '~', '~root', '$HOME', '$$', '$0', '%s%n', '%j %x', '{item}', '-n', '--help', '-', ' leading space', 'trailing space ',
    'tab\there', 'back\\slash', "'", '"', '`', '$', '#comment', 'ünïcödé', '日本語', '😀', '\u202eevil', 'zero\u200bwidth',
    'x'.repeat(300), 'a\0b', '',
  ];
}

/** A plain-text label for a string (the label must not depend on the code under test). */
export function labelOf(s: string): string {
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
}
