/** The `hpcq` command's dispatcher: one CliCommand per subcommand, global help and --version. */
import { readFileSync } from 'node:fs';
import { closestNames } from '../options/suggest.js';
import { commandHelp, runCommand, type CliCommand } from './command.js';
import { CLEAN_FLAGS, cleanCommand } from './commands/clean.js';
import { configCommand } from './commands/config.js';
import { explainCommand } from './commands/explain.js';
import { mapCommand } from './commands/map.js';
import { cancelCommand, waitCommand } from './commands/jobs.js';
import { optionsCommand } from './commands/options.js';
import { profileCommand } from './commands/profile.js';
import { queueCommand } from './commands/queue.js';
import { reportCommand } from './commands/report.js';
import { runCommandCli } from './commands/run.js';
import { submitCommand } from './commands/submit.js';
import { EXIT, reportError } from './errors.js';
import { UsageError } from './parse.js';

const cleanCli: CliCommand = {
  name: 'hpcq clean',
  summary: 'Delete the job files hpcq wrote in a directory (same flags as clean_job_files).',
  usage: '[-d DIR] [-s SUFFIX] [-q QTYPE] [-n] [--dry-run] [-v] [--remote URL] [DIR]',
  flags: CLEAN_FLAGS,
  run: cleanCommand,
};

/** Every subcommand, by the word that calls it. */
export const COMMANDS: Readonly<Record<string, CliCommand>> = {
  submit: submitCommand,
  run: runCommandCli,
  map: mapCommand,
  queue: queueCommand,
  wait: waitCommand,
  cancel: cancelCommand,
  clean: cleanCli,
  profile: profileCommand,
  options: optionsCommand,
  explain: explainCommand,
  config: configCommand,
  report: reportCommand,
};

/** The package version, read from package.json (one level above src/ and dist/). */
export function version(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

function globalHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const list = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`).join('\n');
  return `hpcq ${version()}: run work on Slurm, Torque/PBS or a local worker pool

Usage: hpcq COMMAND [flags] ...   (hpcq COMMAND --help for its flags)

Commands:
${list}

Every job option of 'hpcq options' is accepted by 'hpcq submit' as --name VALUE.
Exit codes: 0 done (all jobs completed); 1 a job failed or is unknown, or nothing was done;
2 usage error (unknown command or flag, bad value); 3 hpcq could not do it (scheduler, SSH, config).
Logs: HPCQ_LOG=debug|info|warn|error. Config: $HPCQ_CONFIG or ~/.config/hpcq/config.ini.
`;
}

async function dispatch(argv: string[]): Promise<number> {
  const [word, ...tail] = argv;
  if (word === undefined) {
    process.stderr.write(globalHelp());
    return EXIT.usage;
  }
  if (word === '--help' || word === '-h') {
    process.stdout.write(globalHelp());
    return EXIT.ok;
  }
  if (word === 'help') {
    const cmd = tail[0] === undefined ? undefined : COMMANDS[tail[0]];
    if (tail[0] !== undefined && !cmd) throw unknownCommand(tail[0]);
    process.stdout.write(cmd ? commandHelp(cmd) : globalHelp());
    return EXIT.ok;
  }
  if (word === '--version' || word === '-V') {
    process.stdout.write(`${version()}\n`);
    return EXIT.ok;
  }
  const cmd = Object.hasOwn(COMMANDS, word) ? COMMANDS[word] : undefined;
  if (!cmd) throw unknownCommand(word);
  return runCommand(cmd, tail);
}

function unknownCommand(word: string): UsageError {
  const what = word.startsWith('-') ? `unknown flag ${word}` : `unknown command '${word}'`;
  const close = closestNames(word.replace(/^--?/, ''), Object.keys(COMMANDS), 1)[0];
  return new UsageError(`${what}${close ? ` (did you mean '${close}'?)` : ''}\nCommands: ${Object.keys(COMMANDS).join(', ')}. Run 'hpcq --help' for details.`);
}

/** Run the CLI; returns the exit code (see the help's "Exit codes"). */
export async function main(argv: string[]): Promise<number> {
  try {
    return await dispatch(argv);
  } catch (err) {
    return reportError('hpcq', err);
  }
}
