/**
 * Small helpers every back-end's option renderers share: flag/value joining, the export list,
 * and the value quoting of directive-quote.ts.
 */
import type { CheckedOptions } from '../options/types.js';
import type { OptionRenderer } from './backend.js';
import { quoteDirectiveValue } from './directive-quote.js';

export { quoteDirectiveValue as q } from './directive-quote.js';

/** `--flag=value` for long options, `-f value` for short ones. */
export function arg(flag: string, value: string): string {
  return flag.startsWith('--') ? `${flag}=${value}` : `${flag} ${value}`;
}

/**
 * A renderer writing `flag` with the value formatted by `format` (undefined: nothing), quoted
 * unless `bare`. `shown` is the flag as optionHelp lists it (default: `flag`).
 */
export function valued<V>(flag: string, format: (value: V) => string | undefined = String, opts: { bare?: boolean; shown?: string } = {}): OptionRenderer<V> {
  const bare = opts.bare ?? false;
  return {
    flag: opts.shown ?? flag,
    render: (value) => {
      const text = format(value);
      return text === undefined ? [] : [arg(flag, bare ? text : quoteDirectiveValue(text))];
    },
  };
}

/**
 * The names of the `export` option. Only the list travels in a directive: env values are exported
 * by the job script itself (shell-quoted), because sbatch --export and qsub -v split on commas.
 */
export function exportNames(options: CheckedOptions): string[] {
  return (options.export ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}
