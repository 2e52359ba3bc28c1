/**
 * Starts a command job the fastest available way: through the runner's launcher when there
 * is one, else by spawning from Node. Both give the same outcome for the same command.
 */
import { closeSync, openSync, statSync } from 'node:fs';
import { HpcqError } from '../errors.js';
import { FILE_MODE } from '../util/atomic-write.js';
import { directArgv, startCommand } from './command.js';
import type { JobExtras } from './job.js';
import type { Launcher } from './launcher.js';
import type { LocalHandle, LocalOutcome } from './types.js';

/**
 * Check what would make the start fail, before anything runs, so that it ends the job as
 * launch_failed: the working directory must exist, the output files must be writable (they are
 * truncated here, as the cluster does at job start).
 */
function prepare(extras: JobExtras | undefined): void {
  if (!extras) return;
  if (extras.cwd !== undefined && !statSync(extras.cwd, { throwIfNoEntry: false })?.isDirectory()) {
    throw new HpcqError(`working directory ${extras.cwd} does not exist`);
  }
  for (const path of [extras.stdout, extras.stderr]) if (path !== undefined) closeSync(openSync(path, 'w', FILE_MODE));
}

/** Start command job `id`; `done` is called once with its outcome. Throws when it cannot start. */
export function runCommand(
  id: string,
  task: string | { argv: string[] },
  extras: JobExtras | undefined,
  launcher: Launcher | undefined,
  done: (outcome: LocalOutcome) => void,
): LocalHandle {
  prepare(extras);
  if (!launcher?.usable) return startCommand(task, extras, done);
  const direct = typeof task === 'string' ? directArgv(task) : task.argv;
  const argv = direct ?? ['/bin/bash', '-c', task as string];
  return launcher.launch(
    id,
    {
      argv,
      ...(typeof task === 'string' && direct ? { fallback: task } : {}),
      ...(extras?.cwd !== undefined ? { cwd: extras.cwd } : {}),
      ...(extras?.env ? { env: extras.env } : {}),
      ...(extras?.stdout !== undefined ? { stdout: extras.stdout } : {}),
      ...(extras?.stderr !== undefined ? { stderr: extras.stderr } : {}),
    },
    done,
  );
}
