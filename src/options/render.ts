/**
 * Directive rendering: the back-end's prefix and renderers (src/schedulers/<name>/directives.ts)
 * over normalised options, in table order. Dependencies are not rendered here: the job layer
 * passes them on the submit command line. `extra` lines are the same on every back-end.
 */
import { BACKENDS, getBackend } from '../schedulers/registry.js';
import type { DirectiveSyntax, OptionRenderer } from '../schedulers/backend.js';
import { createLogger } from '../util/log.js';
import type { OptionSpec } from './spec.js';
import { OPTION_TABLE } from './table.js';
import type { CheckedOptions } from './types.js';

const log = createLogger('options');
const ROWS: readonly OptionSpec[] = OPTION_TABLE;

/** Raw extra lines: the prefix is added when missing; lines meant for another scheduler are skipped. */
function extraLines(lines: readonly string[], syntax: DirectiveSyntax): string[] {
  const others = BACKENDS.map((b) => b.directives.prefix).filter((p) => p !== syntax.prefix);
  const out: string[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (line.startsWith(syntax.prefix)) out.push(line);
    else if (others.some((p) => line.startsWith(p))) log.debug(`extra line for another scheduler skipped: ${line}`);
    else out.push(`${syntax.prefix} ${line}`);
  }
  return out;
}

/** The directive lines of `options` in a back-end's syntax (identical lines written once). */
export function renderWith(options: CheckedOptions, syntax: DirectiveSyntax): string[] {
  const o = options as CheckedOptions & Record<string, unknown>;
  const lines: string[] = [];
  if (typeof o.name === 'string' && o.name !== '') lines.push(`${syntax.prefix} ${syntax.jobName(o.name)}`);
  for (const row of ROWS) {
    const value = o[row.name];
    if (row.name === 'extra') {
      lines.push(...extraLines((value as string[] | undefined) ?? [], syntax));
      continue;
    }
    const renderer = (syntax.options as Record<string, OptionRenderer | undefined>)[row.name];
    if (!renderer || ((value === undefined || value === null) && !renderer.always)) continue;
    for (const body of renderer.render(value, options)) {
      const line = `${syntax.prefix} ${body}`;
      if (!lines.includes(line)) lines.push(line);
    }
  }
  return lines;
}

/** The directive lines (`#SBATCH`, `#PBS`, ...) for normalised options (from checkOptions/resolveOptions), in table order. */
export function renderDirectives(options: CheckedOptions, qtype: string): string[] {
  return renderWith(options, getBackend(qtype).directives);
}
