/** The `hpcq` command's dispatcher: submit, queue, wait, cancel, clean, profile, options. */
import { optionHelp } from '../options/index.js';
import { UsageError } from './parse.js';
import type { Qtype } from '../types.js';
import { flagString, parseArgs } from './args.js';
import { submitCommand } from './commands/submit.js';
import { queueCommand } from './commands/queue.js';
import { cancelCommand, waitCommand } from './commands/jobs.js';
import { CLEAN_FLAGS, cleanCommand } from './commands/clean.js';
import { runCommand, type CliCommand } from './command.js';
import { reportError } from './errors.js';

const cleanCli: CliCommand = {
  name: 'hpcq clean',
  summary: 'Delete the job files hpcq wrote in a directory (same flags as clean_job_files).',
  usage: '[-d DIR] [-s SUFFIX] [-q QTYPE] [-n] [--dry-run] [-v] [DIR]',
  flags: CLEAN_FLAGS,
  run: cleanCommand,
};
import { profileCommand } from './commands/profile.js';

const HELP = `hpcq: run work on Slurm, Torque/PBS or a local worker pool

Usage:
  hpcq submit [--cores N --mem 4G --time 1h ... --wait] -- COMMAND [ARGS...]
  hpcq queue [--user NAME] [--qtype Q] [--remote URL] [--json]
  hpcq wait [--timeout SECONDS] [--qtype Q] [--remote URL] JOB_ID...
  hpcq cancel [--qtype Q] [--remote URL] JOB_ID...
  hpcq clean [-d DIR] [-s SUFFIX] [-q QTYPE] [-n] [--dry-run] [-v]
  hpcq profile list | show [NAME] | set NAME key=value... | delete NAME | path
  hpcq options [--qtype slurm|torque|local] [--format text|table|json]

Every job option of 'hpcq options' is accepted by 'hpcq submit' as --name value.
Logs: HPCQ_LOG=debug|info|warn|error. Config: $HPCQ_CONFIG or ~/.config/hpcq/config.ini.
`;

const BOOLEANS = new Set(['wait', 'json', 'dry-run', 'n', 'yes', 'y', 'help', 'h', 'exclusive', 'requeue']);

async function dispatch(argv: string[]): Promise<number> {
  const [command, ...tail] = argv;
  const args = (): ReturnType<typeof parseArgs> => parseArgs(tail, BOOLEANS);
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(HELP);
    return command ? 0 : 2;
  }
  switch (command) {
    case 'submit':
      return submitCommand(args());
    case 'queue':
      return runCommand(queueCommand, tail);
    case 'wait':
      return runCommand(waitCommand, tail);
    case 'cancel':
      return runCommand(cancelCommand, tail);
    case 'clean':
      return runCommand(cleanCli, tail);
    case 'profile':
      return profileCommand(args());
    case 'options': {
      const format = (flagString(args(), 'format') ?? 'text') as 'text' | 'table' | 'json';
      const qtype = flagString(args(), 'qtype') as Qtype | undefined;
      process.stdout.write(`${optionHelp({ format, ...(qtype ? { qtype } : {}) })}\n`);
      return 0;
    }
    default:
      throw new UsageError(`Unknown command '${command}'.\n\n${HELP}`);
  }
}

/** Run the CLI; errors become one message and exit code 2 (1 for job failures). */
export async function main(argv: string[]): Promise<number> {
  try {
    return await dispatch(argv);
  } catch (err) {
    return reportError('hpcq', err);
  }
}
