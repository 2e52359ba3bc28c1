/** `hpcq run`: submit a command, stream its output while it runs, exit with its exit code. */
import { submit } from '../../api/index.js';
import type { Job } from '../../job/job.js';
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
    const detach = line.values.detach === true;
    // Listening from before the submission: a Ctrl-C typed while the scheduler is still accepting
    // the job is acted on once its id is known, so no job is left behind that the user meant to stop.
    // The listener stays while hpcq acts on the first Ctrl-C: a library that re-raises a signal
    // nobody else listens to (execa's cleanup does) would otherwise end hpcq before the cancel.
    // A second Ctrl-C is the user's force-quit.
    let job: Job | undefined;
    let interrupted = false;
    const onSigint = (): void => {
      if (interrupted) process.exit(130);
      interrupted = true;
      if (job) leave(job, detach);
    };
    process.on('SIGINT', onSigint);
    try {
      job = await submit(commandOf(line), submitOptions(line));
      process.stderr.write(`hpcq: ${job.qtype} job ${job.id ?? job.name} submitted\n`);
      if (interrupted) leave(job, detach);
      await pipeOutput(job);
    } finally {
      process.off('SIGINT', onSigint);
    }
    if (job.state !== 'completed') process.stderr.write(`hpcq: job ${job.id} ${job.state}${job.reason ? ` (${job.reason})` : ''}\n`);
    return job.exitCode ?? EXIT.failed;
  },
};

/**
 * Ctrl-C: with --detach, leave a batch job to its scheduler and exit 0; otherwise cancel it and exit
 * 130. Local jobs end with this process (the local runner's own handler stops them), detached or not.
 */
function leave(job: Job, detach: boolean): void {
  if (job.qtype === 'local') {
    if (detach) process.stderr.write(`\nhpcq: local job ${job.id} ends with hpcq (--detach needs a batch scheduler)\n`);
    process.exit(130);
  }
  if (detach) {
    process.stderr.write(`\nhpcq: detached; job ${job.id} keeps running\n`);
    process.exit(EXIT.ok);
  }
  process.stderr.write(`\nhpcq: cancelling job ${job.id}\n`);
  void job.cancel().finally(() => process.exit(130));
}
