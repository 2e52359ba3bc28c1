/**
 * Command-line flags generated from the options table: one `--kebab-name` per keyword, its
 * synonyms as aliases, booleans as boolean flags (so `--kill-on-invalid-dep echo hi` runs
 * `echo hi`), lists and maps repeatable. Nothing here lists options by hand.
 */
import { OPTION_TABLE } from '../options/table.js';
import type { OptionSpec } from '../options/spec.js';
import { dependsFromFlag } from './depends-flag.js';
import type { FlagSpec, FlagTable, ParsedLine } from './parse.js';

const ROWS: readonly OptionSpec[] = OPTION_TABLE;

/** `tasksPerNode` → `tasks-per-node`, `mail_user` → `mail-user`. */
export function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/_/g, '-').toLowerCase();
}

/** Value names for help, by option type. */
const VALUE_NAME: Record<OptionSpec['type'], string> = {
  int: 'N', number: 'N', string: 'TEXT', bool: '', memory: 'SIZE', duration: 'TIME', list: 'ITEMS', map: 'KEY=VALUE', depends: 'DEPS', range: 'SPEC',
};

function firstSentence(text: string): string {
  return /^.*?[.!?](\s|$)/.exec(text)?.[0].trim() ?? text;
}

function flagOf(row: OptionSpec): FlagSpec {
  const name = kebab(row.name);
  const aliases = [...new Set([...row.synonyms.map(kebab), ...row.synonyms, row.name])].filter((a) => a !== name);
  const many = row.type === 'list' || row.type === 'map' || row.type === 'depends';
  return {
    type: row.type === 'bool' ? 'boolean' : 'string',
    help: firstSentence(row.help) + (many ? ' Repeatable.' : ''),
    ...(row.type === 'bool' ? {} : { value: VALUE_NAME[row.type] }),
    ...(many ? { multiple: true } : {}),
    ...(aliases.length ? { aliases } : {}),
  };
}

/** One flag per row of the options table, by kebab-case name. */
export const OPTION_FLAGS: FlagTable = Object.fromEntries(ROWS.map((row) => [kebab(row.name), flagOf(row)]));

/** The job options a parsed line gives, under their table names (values stay raw; checkOptions coerces them). */
export function optionsFromLine(line: ParsedLine): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const row of ROWS) {
    const value = line.values[kebab(row.name)];
    if (value === undefined) continue;
    if (row.type === 'depends') out[row.name] = dependsFromFlag(value as string[]);
    // A comma list given twice (`--modules a --modules b,c`) is all of them; line lists keep one line per flag.
    else if (row.type === 'list' && row.separator !== 'line') out[row.name] = (value as string[]).flatMap((v) => v.split(','));
    else out[row.name] = value;
  }
  return out;
}
