/**
 * Directive rendering: `#SBATCH` / `#PBS` lines from normalised options, in table order,
 * driven by each row's render spec. Dependencies are not rendered here: the job layer
 * passes them on the submit command line.
 */
import { createLogger } from '../util/log.js';
import { quoteDirectiveValue as q, torqueJobName } from './directive-quote.js';
import type { OptionSpec, RenderSpec, RenderStyle } from './spec.js';
import { OPTION_TABLE } from './table.js';
import type { CheckedOptions } from './types.js';
import { formatHms, formatSlurmTime } from './units.js';

const log = createLogger('options');
const ROWS: readonly OptionSpec[] = OPTION_TABLE;
type Spec = Exclude<RenderSpec, 'none'>;
type Opts = Partial<Record<string, unknown>> & CheckedOptions;

const PREFIX = { slurm: '#SBATCH', torque: '#PBS' } as const;
// Styles that read several options and must be written once.
const COMBINED: ReadonlySet<RenderStyle> = new Set(['torque-nodes', 'export-env']);

/** `--flag=value` for long options, `-f value` for short ones. */
function arg(flag: string, value: string): string {
  return flag.startsWith('--') ? `${flag}=${value}` : `${flag} ${value}`;
}

// Only the export list travels in a directive: env values are exported by the job script itself
// (shell-quoted), because sbatch --export and qsub -v split on commas and mangle quotes.
function exportNames(o: Opts): string[] {
  return (o.export ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function slurmExport(spec: Spec, o: Opts): string[] {
  const names = exportNames(o);
  return names.length ? [arg(spec.flag, q(names.join(',')))] : [];
}

function torqueExport(spec: Spec, o: Opts): string[] {
  const names = exportNames(o);
  const upper = names.map((s) => s.toUpperCase());
  const out = upper.includes('ALL') ? ['-V'] : [];
  const list = names.filter((_, i) => upper[i] !== 'ALL' && upper[i] !== 'NONE');
  if (list.length) out.push(arg(spec.flag, q(list.join(','))));
  return out;
}

function torqueNodes(o: Opts): string {
  const ppn = (o.cores ?? 1) * (o.tasksPerNode ?? 1);
  const features = (o.features ?? []).map((f) => `:${f}`).join('');
  const gpus = o.gpus ? `:gpus=${o.gpus}` : '';
  return `nodes=${o.nodes ?? 1}:ppn=${ppn}${features}${gpus}`;
}

const TORQUE_MAIL: Record<string, string> = { FAIL: 'a', BEGIN: 'b', END: 'e', ALL: 'abe', NONE: 'n' };

function torqueMail(types: string[]): string | undefined {
  const letters = new Set(types.flatMap((t) => [...(TORQUE_MAIL[t] ?? '')]));
  if (letters.has('n') && letters.size > 1) letters.delete('n');
  const out = ['a', 'b', 'e', 'n'].filter((l) => letters.has(l)).join('');
  return out || undefined;
}

/** The directive bodies (text after the prefix) for one option. */
function renderOne(spec: Spec, value: unknown, o: Opts): string[] {
  const one = (v: string | undefined): string[] => (v === undefined ? [] : [arg(spec.flag, v)]);
  switch (spec.style) {
    case 'raw':
      return one(q(String(value)));
    case 'megabytes':
      return one(`${value as number}M`);
    case 'slurm-time':
      return one(formatSlurmTime(value as number));
    case 'join-and':
    case 'join-comma': {
      const list = value as string[];
      return list.length ? one(q(list.join(spec.style === 'join-and' ? '&' : ','))) : [];
    }
    case 'gres-gpu':
      return one(`gpu:${value as number}`);
    case 'yes-no':
      return one(value ? 'yes' : 'no');
    case 'yn':
      return one(value ? 'y' : 'n');
    case 'flag':
      return value ? [spec.flag] : [];
    case 'flag-pair':
      return value ? [spec.flag] : spec.offFlag ? [spec.offFlag] : [];
    case 'export-env':
      return spec.flag.startsWith('--') ? slurmExport(spec, o) : torqueExport(spec, o);
    case 'torque-nodes':
      return one(q(torqueNodes(o)));
    case 'torque-mem':
      return one(`mem=${value as number}mb`);
    case 'torque-walltime':
      return one(`walltime=${formatHms(value as number)}`);
    case 'torque-mail':
      return one(torqueMail(value as string[]));
    case 'torque-resource':
      return one(q(`${spec.resource}=${String(value)}`));
    case 'lines':
      return [];
  }
}

/** Raw extra lines: our prefix is added when missing; lines meant for the other scheduler are skipped. */
function extraLines(lines: readonly string[], qtype: 'slurm' | 'torque'): string[] {
  const out: string[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    const other = qtype === 'slurm' ? PREFIX.torque : PREFIX.slurm;
    if (line.startsWith(PREFIX[qtype])) out.push(line);
    else if (line.startsWith(other)) log.debug(`extra line for another scheduler skipped: ${line}`);
    else out.push(`${PREFIX[qtype]} ${line}`);
  }
  return out;
}

/** `#SBATCH` or `#PBS` lines for normalised options (from checkOptions/resolveOptions), in table order. */
export function renderDirectives(options: CheckedOptions, qtype: 'slurm' | 'torque'): string[] {
  const o = options as Opts;
  const prefix = PREFIX[qtype];
  const lines: string[] = [];
  if (typeof o.name === 'string' && o.name !== '') {
    lines.push(qtype === 'slurm' ? `${prefix} --job-name=${q(o.name)}` : `${prefix} -N ${torqueJobName(o.name)}`);
  }
  const done = new Set<RenderStyle>();
  for (const row of ROWS) {
    const spec = row[qtype];
    if (spec === 'none') continue;
    const value = o[row.name];
    if (spec.style === 'lines') {
      lines.push(...extraLines((value as string[] | undefined) ?? [], qtype));
      continue;
    }
    if (COMBINED.has(spec.style)) {
      if (done.has(spec.style)) continue;
      done.add(spec.style);
    } else if (value === undefined) {
      continue;
    }
    for (const body of renderOne(spec, value, o)) lines.push(`${prefix} ${body}`);
  }
  return lines;
}
