/** `hpcq submit`: submit a shell command with job options given as flags (generated from the options table). */
import { submit } from '../../api/index.js';
import { shellJoin } from '../../util/shell-quote.js';
import type { CliCommand } from '../command.js';
import { EXIT } from '../errors.js';
import { HELP_FLAG, SCHEDULER_FLAGS, schedulerTarget, stringFlag } from '../flags.js';
import { OPTION_FLAGS, optionsFromLine } from '../option-flags.js';
import { pipeOutput } from '../follow.js';
import { UsageError, type FlagTable, type ParsedLine } from '../parse.js';

/** Flags of `hpcq submit` that are not job options. */
export const SUBMIT_CONTROL_FLAGS: FlagTable = {
  wait: { type: 'boolean', short: 'w', help: "Wait for the job; print the id, then its output; exit with the job's exit code." },
  follow: { type: 'boolean', short: 'f', help: "Stream the job's stdout and stderr while it runs (also over --remote); exit with its exit code." },
  json: { type: 'boolean', help: 'Print the job (id, name, qtype; with --wait its state and exit code) as JSON.' },
  name: { type: 'string', value: 'NAME', help: 'Job name (default: from the command).' },
  profile: { type: 'string', short: 'p', value: 'NAME', help: 'Use a saved profile (see hpcq profile).' },
  ...SCHEDULER_FLAGS,
  ...HELP_FLAG,
};

/**
 * The command to run. One word is a shell command line as written (`"make && ./run"`); several
 * words are a command and its arguments, each quoted.
 */
export function commandOf(line: ParsedLine): string {
  const words = [...line.positionals, ...line.rest];
  if (words.length === 0) throw new UsageError('no command given\nUsage: hpcq submit [flags] COMMAND [ARGS...]   (or -- COMMAND ...)');
  return words.length === 1 ? words[0]! : shellJoin(words);
}

/** Job options and control keys of a parsed submit/explain line. */
export function submitOptions(line: ParsedLine): Record<string, unknown> {
  const name = stringFlag(line, 'name');
  const profile = stringFlag(line, 'profile');
  return { ...optionsFromLine(line), ...schedulerTarget(line), ...(name ? { name } : {}), ...(profile ? { profile } : {}) };
}

function printSubmitted(line: ParsedLine, job: { id?: string | undefined; name: string; qtype: string }): void {
  const text = line.values.json ? JSON.stringify({ id: job.id, name: job.name, qtype: job.qtype }) : `${job.id ?? ''}\t${job.name}\t${job.qtype}`;
  process.stdout.write(`${text}\n`);
}

/** `hpcq submit [flags] COMMAND [ARGS...]`. */
export const submitCommand: CliCommand = {
  name: 'hpcq submit',
  summary: 'Submit a shell command as a job; print its id, name and scheduler.',
  usage: '[flags] COMMAND [ARGS...]',
  flags: { ...SUBMIT_CONTROL_FLAGS, ...OPTION_FLAGS },
  stopAtPositional: true,
  notes: [
    'Flags end at the command: in `hpcq submit --exclusive echo --x`, `--x` belongs to echo.',
    '--depends takes job ids, afterok:ID, afterany:ID and afternotok:ID (comma-separated or repeated).',
    'Local jobs (--qtype local) run inside this hpcq process: after printing the id it stays until',
    'the job ends (Ctrl-C cancels it). On Slurm and Torque it returns once the job is submitted.',
  ].join('\n'),
  async run(line) {
    const job = await submit(commandOf(line), submitOptions(line));
    if (line.values.follow) {
      printSubmitted(line, job);
      await pipeOutput(job);
      if (job.state !== 'completed') process.stderr.write(`hpcq: job ${job.id} ${job.state}${job.reason ? ` (${job.reason})` : ''}\n`);
      return job.exitCode ?? EXIT.failed;
    }
    if (!line.values.wait) {
      printSubmitted(line, job);
      // A local job lives in this process's worker pool; leaving now would kill it.
      if (job.qtype === 'local') {
        process.stderr.write(`hpcq: local job ${job.id ?? job.name} runs inside this process; waiting for it to end (Ctrl-C cancels it)\n`);
        await job.wait();
        process.stderr.write(`hpcq: local job ${job.id ?? job.name} ${job.state}${job.reason ? ` (${job.reason})` : ''}\n`);
      }
      return EXIT.ok;
    }
    if (!line.values.json) process.stderr.write(`hpcq: submitted ${job.id ?? job.name} (${job.qtype}); waiting\n`);
    const result = await job.get().catch((err: unknown) => err);
    if (line.values.json) {
      process.stdout.write(`${JSON.stringify({ id: job.id, name: job.name, qtype: job.qtype, state: job.state, reason: job.reason, exitCode: job.exitCode })}\n`);
    } else {
      process.stdout.write(job.stdout ?? '');
      process.stderr.write(job.stderr ?? '');
    }
    if (result instanceof Error) process.stderr.write(`hpcq: ${result.message}\n`);
    return job.exitCode ?? EXIT.failed;
  },
};
