/** optionHelp: every keyword of the options table as text, an aligned table or JSON. */
import type { BatchBackend, OptionRenderer } from '../schedulers/backend.js';
import { BACKENDS, LOCAL, type BatchQtype } from '../schedulers/registry.js';
import type { Qtype } from '../types.js';
import type { OptionSpec } from './spec.js';
import { OPTION_TABLE } from './table.js';
import { formatTable } from '../util/table.js';

const ROWS: readonly OptionSpec[] = OPTION_TABLE;

/** One keyword as optionHelp describes it (the JSON format is an array of these). */
export type OptionHelpEntry = {
  name: string;
  synonyms: string[];
  type: string;
  default?: unknown;
  help: string;
  /** Where the option has an effect. */
  schedulers: Qtype[];
} & {
  /** Per batch back-end: the directive flag, or null when that scheduler does not use it. */
  [K in BatchQtype]: string | null;
};

/** Whether a batch back-end supports a row: hpcq implements it, or the back-end renders it. */
export function supports(backend: BatchBackend, row: OptionSpec): boolean {
  return (row.hpcq === true && row.scope !== 'local') || (backend.directives.options as Record<string, unknown>)[row.name] !== undefined;
}

function schedulersOf(row: OptionSpec): Qtype[] {
  const out: Qtype[] = BACKENDS.filter((b) => supports(b, row)).map((b) => b.name);
  if (row.local === 'used') out.push(LOCAL);
  return out;
}

function flagOf(backend: BatchBackend, row: OptionSpec): string | null {
  if (row.name === 'extra') return 'raw lines';
  const renderer = (backend.directives.options as Record<string, OptionRenderer | undefined>)[row.name];
  return renderer ? renderer.flag : null;
}

/** The help entries, optionally only those that matter for one scheduler. */
export function optionHelpEntries(qtype?: Qtype): OptionHelpEntry[] {
  return ROWS.map(
    (row) =>
      ({
        name: row.name,
        synonyms: [...row.synonyms],
        type: row.type,
        ...('default' in row ? { default: row.default } : {}),
        help: row.help,
        schedulers: schedulersOf(row),
        ...Object.fromEntries(BACKENDS.map((b) => [b.name, flagOf(b, row)])),
      }) as OptionHelpEntry,
  ).filter((e) => !qtype || e.schedulers.includes(qtype));
}

const showDefault = (e: OptionHelpEntry): string => ('default' in e ? JSON.stringify(e.default) : '-');

function asText(entries: OptionHelpEntry[]): string {
  return entries
    .map((e) => {
      const syn = e.synonyms.length ? ` (also: ${e.synonyms.join(', ')})` : '';
      const flags = BACKENDS.map((b) => e[b.name] && `${b.name} ${e[b.name]}`).filter(Boolean).join('; ');
      return (
        `${e.name}${syn}\n    type: ${e.type}   default: ${showDefault(e)}   applies to: ${e.schedulers.join(', ')}` +
        `${flags ? `\n    renders: ${flags}` : ''}\n    ${e.help}`
      );
    })
    .join('\n\n');
}

function asTable(entries: OptionHelpEntry[]): string {
  const head = ['OPTION', 'SYNONYMS', 'TYPE', 'DEFAULT', 'APPLIES TO', 'HELP'];
  const rows = entries.map((e) => [e.name, e.synonyms.join(',') || '-', e.type, showDefault(e), e.schedulers.join(','), e.help]);
  return formatTable(head, rows);
}

/**
 * Describe every option keyword: synonyms, type, default, help and the schedulers it
 * applies to. `qtype` keeps only the options that matter there.
 */
export function optionHelp(opts: { qtype?: Qtype; format?: 'text' | 'table' | 'json' } = {}): string {
  const entries = optionHelpEntries(opts.qtype);
  if (opts.format === 'json') return JSON.stringify(entries, null, 2);
  return opts.format === 'table' ? asTable(entries) : asText(entries);
}
