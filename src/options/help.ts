/** optionHelp: every keyword of the options table as text, an aligned table or JSON. */
import type { Qtype } from '../types.js';
import type { OptionSpec, RenderSpec } from './spec.js';
import { OPTION_TABLE } from './table.js';
import { formatTable } from '../util/table.js';

const ROWS: readonly OptionSpec[] = OPTION_TABLE;

/** One keyword as optionHelp describes it (the JSON format is an array of these). */
export interface OptionHelpEntry {
  name: string;
  synonyms: string[];
  type: string;
  default?: unknown;
  help: string;
  /** Where the option has an effect. */
  schedulers: Qtype[];
  /** The directive flag, or null when the scheduler does not use it. */
  slurm: string | null;
  torque: string | null;
}

function schedulersOf(row: OptionSpec): Qtype[] {
  const out: Qtype[] = [];
  if (row.scope !== 'local') out.push('slurm');
  if (row.scope === 'common' || row.scope === 'cluster') out.push('torque');
  if (row.local === 'used') out.push('local');
  return out;
}

function flagOf(spec: RenderSpec): string | null {
  if (spec === 'none') return null;
  if (spec.style === 'lines') return 'raw lines';
  if (spec.style === 'torque-nodes') return '-l nodes=N:ppn=C[:feature...][:gpus=G]';
  if (spec.style === 'torque-resource') return `-l ${spec.resource}=`;
  if (spec.style === 'torque-mem') return '-l mem=';
  if (spec.style === 'torque-walltime') return '-l walltime=';
  return spec.offFlag ? `${spec.flag} / ${spec.offFlag}` : spec.flag;
}

/** The help entries, optionally only those that matter for one scheduler. */
export function optionHelpEntries(qtype?: Qtype): OptionHelpEntry[] {
  return ROWS.map((row) => ({
    name: row.name,
    synonyms: [...row.synonyms],
    type: row.type,
    ...('default' in row ? { default: row.default } : {}),
    help: row.help,
    schedulers: schedulersOf(row),
    slurm: flagOf(row.slurm),
    torque: flagOf(row.torque),
  })).filter((e) => !qtype || e.schedulers.includes(qtype));
}

const showDefault = (e: OptionHelpEntry): string => ('default' in e ? JSON.stringify(e.default) : '-');

function asText(entries: OptionHelpEntry[]): string {
  return entries
    .map((e) => {
      const syn = e.synonyms.length ? ` (also: ${e.synonyms.join(', ')})` : '';
      const flags = [e.slurm && `slurm ${e.slurm}`, e.torque && `torque ${e.torque}`].filter(Boolean).join('; ');
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
