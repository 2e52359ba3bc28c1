/**
 * docs/options.md, generated from the options table (`npm run docs` writes it; a test fails
 * when the committed file differs). One summary table, then one section per keyword.
 */
import { BACKENDS } from '../schedulers/registry.js';
import { optionHelpEntries, type OptionHelpEntry } from './help.js';
import type { OptionSpec, OptionType } from './spec.js';
import { OPTION_TABLE } from './table.js';
import { DURATION_FORMS, MEMORY_FORMS, RANGE_FORMS } from './units.js';

/** What each table type accepts, in the words of the parser (coerce.ts, units.ts). */
const TYPE_HELP: Record<OptionType, string> = {
  int: 'a whole number (a string of digits is accepted)',
  number: 'a finite number',
  string: 'text on one line',
  bool: "true or false ('yes'/'no', 'on'/'off', '1'/'0' are accepted)",
  memory: `${MEMORY_FORMS}; stored in MB`,
  duration: `${DURATION_FORMS}; stored in seconds`,
  list: 'a list of strings, or one string split on commas and spaces',
  map: "an object of environment variables, or 'KEY=VALUE' entries separated by commas",
  depends: 'Job objects or job ids: a list (afterok) or { afterok, afterany, afternotok }',
  range: `a job array specification: ${RANGE_FORMS}`,
};

// A '|' would end a table cell; a newline would end the row.
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (s: string | null): string => (s ? `\`${s}\`` : '-');
const showDefault = (e: OptionHelpEntry): string => ('default' in e ? `\`${JSON.stringify(e.default)}\`` : '-');

// One column per registry back-end (its title), so a new back-end documents itself.
function summaryTable(entries: OptionHelpEntry[]): string[] {
  const rows = entries.map((e) =>
    [`[\`${e.name}\`](#${e.name.toLowerCase()})`, e.synonyms.map((s) => `\`${s}\``).join(', ') || '-', e.type, showDefault(e),
      ...BACKENDS.map((b) => code(e[b.name])), e.schedulers.includes('local') ? 'used' : 'ignored'].map(cell).join(' | '),
  );
  const head = ['Option', 'Also', 'Type', 'Default', ...BACKENDS.map((b) => b.title), 'Local'];
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r} |`)];
}

function section(e: OptionHelpEntry): string[] {
  const row: OptionSpec | undefined = OPTION_TABLE.find((r) => r.name === e.name);
  const typeHelp = row?.separator === 'line' ? 'a list of lines, or one string split on newlines' : TYPE_HELP[e.type as OptionType];
  return [
    `### ${e.name}`,
    '',
    e.help,
    '',
    `- Accepts: ${typeHelp}.`,
    ...(e.synonyms.length ? [`- Also spelled: ${e.synonyms.map((s) => `\`${s}\``).join(', ')}.`] : []),
    ...(row?.min !== undefined ? [`- Smallest value: ${row.min}.`] : []),
    // Without a table default the help says what happens (the scheduler's default, the working directory).
    ...('default' in e ? [`- Default: ${showDefault(e)}.`] : []),
    `- Applies to: ${e.schedulers.join(', ')}.`,
    ...BACKENDS.flatMap((b) => (e[b.name] ? [`- ${b.title}: ${code(e[b.name])}.`] : [])),
    '',
  ];
}

/** The whole of docs/options.md. */
export function optionsMarkdown(): string {
  const entries = optionHelpEntries();
  return [
    '# Job options',
    '',
    '<!-- Generated from src/options/table.ts by `npm run docs`; edit the table, not this file. -->',
    '',
    'Every keyword below is accepted by `submit`, `makeJob`, `makeJobFile` and `map`, in a',
    '`[prof_<name>]` section of the config file, and by `hpcq submit` as `--<keyword> VALUE`.',
    "Names match ignoring case, '_' and '-' (`mail_user`, `mail-user` and `mailUser` are one option).",
    'Options merge as: the defaults below < `[prof_default]` < the named profile < the call.',
    'A value that does not fit is an `OptionError` listing every problem at once.',
    '',
    ...summaryTable(entries),
    '',
    '## Options',
    '',
    ...entries.flatMap(section),
  ].join('\n');
}
