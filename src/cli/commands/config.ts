/** `hpcq config`: where the config lives, what it holds, and where each setting comes from. */
import { configSources } from '../../profiles/index.js';
import type { CliCommand } from '../command.js';
import { EXIT } from '../errors.js';
import { HELP_FLAG } from '../flags.js';

/** Environment variables hpcq reads, shown with the config. */
const ENV = ['HPCQ_CONFIG', 'XDG_CONFIG_HOME', 'HPCQ_LOG'] as const;

/** `hpcq config [--json]`. */
export const configCommand: CliCommand = {
  name: 'hpcq config',
  summary: 'Show where the config file is, what it holds, and the source of each setting.',
  usage: '[--json]',
  flags: { json: { type: 'boolean', help: 'Print JSON.' }, ...HELP_FLAG },
  notes: "Sources: 'file' (written in the config), 'default' (built into hpcq; never written to the file), 'unset'.",
  async run(line) {
    const { path, exists, settings } = configSources();
    const env = Object.fromEntries(ENV.filter((k) => process.env[k]).map((k) => [k, process.env[k]]));
    if (line.values.json) {
      process.stdout.write(`${JSON.stringify({ path, exists, env, settings }, null, 2)}\n`);
      return EXIT.ok;
    }
    const out = [`config: ${path}${exists ? '' : ' (no file yet: the defaults apply)'}`];
    for (const [k, v] of Object.entries(env)) out.push(`env: ${k}=${v}`);
    let section = '';
    const width = Math.max(...settings.map((s) => `${s.key} = ${String(s.value ?? '')}`.length));
    for (const s of settings) {
      if (s.section !== section) out.push('', `[${s.section}]`);
      section = s.section;
      out.push(`${`${s.key} = ${s.value === undefined ? '' : String(s.value)}`.padEnd(width)}  # ${s.source}${s.help ? `: ${s.help}` : ''}`);
    }
    process.stdout.write(`${out.join('\n')}\n`);
    return EXIT.ok;
  },
};
