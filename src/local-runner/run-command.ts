/**
 * Starts a command job the fastest available way: through the runner's launcher when there
 * is one, else by spawning from Node. Both give the same outcome for the same command.
 */
import { closeSync, openSync, statSync } from 'node:fs';
import { HpcqError } from '../errors.js';
import { FILE_MODE } from '../util/atomic-write.js';
import { directArgv, startCommand } from './command.js';
import { killTagged, newJobTag, TAG_VAR } from './job-tag.js';
import { ensureWatchdog } from './watchdog.js';
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

/**
 * Start a job with its processes tagged (job-tag.ts), so that all of them are reached: a signal
 * also goes to tagged processes that left the job's session (setsid, daemons), and a job that
 * was signalled, was killed or lost its launcher has whatever it left behind killed when it ends.
 */
function startTagged(
  tag: string,
  extras: JobExtras | undefined,
  start: (extras: JobExtras, done: (o: LocalOutcome) => void) => LocalHandle,
  done: (o: LocalOutcome) => void,
): LocalHandle {
  let signalled = false;
  const handle = start({ ...extras, env: { ...extras?.env, [TAG_VAR]: tag } }, (o) => {
    if (signalled || o.signal || o.launchFailed) killTagged(tag, 'SIGKILL');
    done(o);
  });
  return {
    get pid() {
      return handle.pid;
    },
    kill(signal) {
      signalled = true;
      handle.kill(signal);
      killTagged(tag, signal, handle.pid);
    },
  };
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
  if (!launcher?.usable) {
    ensureWatchdog();
    return startTagged(newJobTag(), extras, (ex, finish) => startCommand(task, ex, finish), done);
  }
  const direct = typeof task === 'string' ? directArgv(task) : task.argv;
  const argv = direct ?? ['/bin/bash', '-c', task as string];
  return startTagged(
    newJobTag(launcher.scope),
    extras,
    (ex, finish) =>
      launcher.launch(
        id,
        {
          argv,
          ...(typeof task === 'string' && direct ? { fallback: task } : {}),
          ...(ex.cwd !== undefined ? { cwd: ex.cwd } : {}),
          ...(ex.env ? { env: ex.env } : {}),
          ...(ex.stdout !== undefined ? { stdout: ex.stdout } : {}),
          ...(ex.stderr !== undefined ? { stderr: ex.stderr } : {}),
        },
        finish,
      ),
    done,
  );
}
