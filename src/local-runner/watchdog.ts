/**
 * The watchdog of jobs spawned from Node (when there is no Perl launcher, whose own stdin does
 * this job): a small shell that holds the read end of a pipe from this process. The pipe closes
 * when this process goes for any reason, SIGKILL included; the shell then ends every process
 * tagged with this process's spawn scope (job-tag.ts): TERM, then KILL half a second later.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { createLogger } from '../util/log.js';
import { SPAWN_SCOPE, TAG_VAR } from './job-tag.js';

const log = createLogger('local-runner');

// Kept inline: six lines of sh, run once per process. `grep -z` reads each environ as NUL-ended lines.
const SCRIPT = `cat >/dev/null
for sig in TERM KILL; do
  for f in $(grep -lsz "^${TAG_VAR}=$1" /proc/[0-9]*/environ); do p=\${f#/proc/}; kill -s $sig "\${p%/environ}" 2>/dev/null; done
  if [ $sig = TERM ]; then sleep 0.5; fi
done`;

let watchdog: ChildProcess | undefined;

/** Start the process's watchdog once; it never keeps the event loop alive. */
export function ensureWatchdog(): void {
  if (watchdog || process.platform !== 'linux') return;
  try {
    watchdog = spawn('/bin/sh', ['-c', SCRIPT, 'hpcq-watchdog', SPAWN_SCOPE], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
  } catch (err) {
    log.debug(`no watchdog: ${(err as Error).message}`);
    return;
  }
  watchdog.on('error', (err) => log.debug(`no watchdog: ${err.message}`));
  watchdog.stdin!.on('error', () => undefined);
  (watchdog.stdin as Socket | null)?.unref();
  watchdog.unref();
}
