/** `hpcq run`: submit a command, stream its output while it runs, exit with its exit code. */
import { submit } from '../../api/index.js';
import type { CliCommand } from '../command.js';
import { EXIT } from '../errors.js';
import { pipeOutput } from '../follow.js';
import { commandOf, SUBMIT_CONTROL_FLAGS, submitOptions } from './submit.js';
import { OPTION_FLAGS } from '../option-flags.js';

const { wait: _wait, json: _json, follow: _follow, ...RUN_CONTROL } = SUBMIT_CONTROL_FLAGS;

/** `hpcq run [submit flags] [--detach] COMMAND [ARGS...]`. */
export const runCommandCli: CliCommand = {
  name: 'hpcq run',
  summary: "Submit a command, stream its output as it runs, and exit with the job's exit code.",
  usage: '[submit flags] [--detach] COMMAND [ARGS...]',
  flags: {
    detach: { type: 'boolean', short: 'd', help: 'On Ctrl-C leave the job running (default: Ctrl-C cancels it).' },
    ...RUN_CONTROL,
    ...OPTION_FLAGS,
  },
  stopAtPositional: true,
  notes: 'Output is followed through the job files (over SFTP with --remote) while the job runs.',
  async run(line) {
    const job = await submit(commandOf(line), submitOptions(line));
    process.stderr.write(`hpcq: ${job.qtype} job ${job.id ?? job.name} submitted\n`);
    const detach = line.values.detach === true;
    // Local jobs end with this process (the local runner's own handler stops them); a batch job is cancelled unless --detach.
    const onSigint = (): void => {
      if (detach || job.qtype === 'local') {
        if (detach) process.stderr.write(`\nhpcq: detached; job ${job.id} keeps running\n`);
        process.exit(detach ? EXIT.ok : 130);
      }
      process.stderr.write(`\nhpcq: cancelling job ${job.id}\n`);
      void job.cancel().finally(() => process.exit(130));
    };
    process.once('SIGINT', onSigint);
    try {
      await pipeOutput(job);
    } finally {
      process.off('SIGINT', onSigint);
    }
    if (job.state !== 'completed') process.stderr.write(`hpcq: job ${job.id} ${job.state}${job.reason ? ` (${job.reason})` : ''}\n`);
    return job.exitCode ?? EXIT.failed;
  },
};
