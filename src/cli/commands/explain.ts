/** `hpcq explain`: the scripts `hpcq submit` would write for the same flags; nothing is written or submitted. */
import { detectScheduler } from '../../api/index.js';
import { createJobSpec } from '../../job/spec.js';
import { checkQtype } from '../../schedulers/registry.js';
import { renderJob } from '../../job/write.js';
import { createLocalHost } from '../../util/local-host.js';
import type { CliCommand } from '../command.js';
import { EXIT } from '../errors.js';
import { HELP_FLAG } from '../flags.js';
import { OPTION_FLAGS } from '../option-flags.js';
import { commandOf, SUBMIT_CONTROL_FLAGS, submitOptions } from './submit.js';

/** `hpcq explain [submit flags] COMMAND [ARGS...]`. */
export const explainCommand: CliCommand = {
  name: 'hpcq explain',
  summary: 'Print the scripts hpcq submit would write for the same flags; write and submit nothing.',
  usage: '[submit flags] COMMAND [ARGS...]',
  flags: { name: SUBMIT_CONTROL_FLAGS.name!, profile: SUBMIT_CONTROL_FLAGS.profile!, qtype: SUBMIT_CONTROL_FLAGS.qtype!, ...HELP_FLAG, ...OPTION_FLAGS },
  stopAtPositional: true,
  notes: 'The paths shown are where submit would write each file; the scripts are rendered for this machine.\nDependencies (--depends) are resolved when the job is submitted, so they are not shown.',
  async run(line) {
    const options = submitOptions(line);
    // Without --qtype, the scheduler submit would detect (on this machine, or the remote).
    const qtype = options.qtype !== undefined ? checkQtype(options.qtype) : await detectScheduler(options.remote ? { remote: options.remote as string | object } : {});
    const spec = createJobSpec(commandOf(line), { ...options, qtype });
    // Submission script first: it is what the scheduler is given.
    for (const file of renderJob(spec, createLocalHost()).reverse()) {
      process.stdout.write(`# ==> ${file.path} <==\n${file.text}${file.text.endsWith('\n') ? '' : '\n'}\n`);
    }
    return EXIT.ok;
  },
};
