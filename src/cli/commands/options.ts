/** `hpcq options`: every job option of the table, with synonyms, types, defaults and scheduler support. */
import { optionHelp } from '../../options/index.js';
import type { CliCommand } from '../command.js';
import { EXIT } from '../errors.js';
import { HELP_FLAG, qtypeFlag, SCHEDULER_FLAGS, stringFlag } from '../flags.js';
import { UsageError } from '../parse.js';

const FORMATS = ['text', 'table', 'json'] as const;

/** `hpcq options [--qtype Q] [--format text|table|json]`. */
export const optionsCommand: CliCommand = {
  name: 'hpcq options',
  summary: "List every job option: what 'hpcq submit --NAME VALUE' and profiles accept.",
  usage: '[--qtype Q] [--format text|table|json]',
  flags: {
    format: { type: 'string', short: 'f', value: FORMATS.join('|'), help: 'Output format (default: text).' },
    qtype: { ...SCHEDULER_FLAGS.qtype!, help: 'Only say how this scheduler renders each option.' },
    ...HELP_FLAG,
  },
  async run(line) {
    const format = stringFlag(line, 'format') ?? 'text';
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown --format '${format}': use one of ${FORMATS.join(', ')}`);
    const qtype = qtypeFlag(line);
    process.stdout.write(`${optionHelp({ format: format as (typeof FORMATS)[number], ...(qtype ? { qtype } : {}) })}\n`);
    return EXIT.ok;
  },
};
