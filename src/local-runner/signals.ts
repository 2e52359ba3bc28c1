/**
 * Ctrl-C of the parent process: while any local job runs, SIGINT, SIGTERM and SIGHUP end
 * every running job's process group before the parent goes, so nothing is orphaned. The
 * handlers exist only while jobs run, and the signal is raised again after cleanup so the
 * process still ends the way it would have without hpcq.
 */
import { createLogger } from '../util/log.js';
import { killGroup } from './command.js';
import { ALL_JOBS, killTagged } from './job-tag.js';

const log = createLogger('local-runner');

/** What the handlers need from a runner with running jobs. */
export interface SignalTarget {
  /** Process group ids of the running commands. */
  groups(): number[];
  /** Cancel every job not yet final: SIGTERM to running groups, aborted functions, no new starts. */
  cancelAll(): void;
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const targets = new Set<SignalTarget>();
let cleaning = false;

function allGroups(): number[] {
  const out: number[] = [];
  for (const t of targets) out.push(...t.groups());
  return out;
}

function alive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Last resort when the process exits with jobs still running: kill their groups and every tagged process now. */
function onExit(): void {
  for (const pgid of allGroups()) killGroup(pgid, 'SIGKILL');
  killTagged(ALL_JOBS, 'SIGKILL');
}

function onSignal(signal: NodeJS.Signals): void {
  if (cleaning) return;
  cleaning = true;
  log.warn(`${signal}: ending ${allGroups().length} running job(s) before exiting`);
  for (const t of [...targets]) t.cancelAll();
  const deadline = Date.now() + 1000;
  const poll = (): void => {
    const left = allGroups().filter(alive);
    if (left.length > 0 && Date.now() < deadline) {
      setTimeout(poll, 20);
      return;
    }
    for (const pgid of left) killGroup(pgid, 'SIGKILL');
    // Processes that left their job's group (setsid, daemons) go too.
    killTagged(ALL_JOBS, 'SIGKILL');
    uninstall();
    cleaning = false;
    // Nobody else listens: restore the default action by raising the signal again.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  poll();
}

function install(): void {
  for (const s of SIGNALS) process.on(s, onSignal);
  process.on('exit', onExit);
}

function uninstall(): void {
  for (const s of SIGNALS) process.off(s, onSignal);
  process.off('exit', onExit);
  targets.clear();
}

/** A runner started running jobs: make sure the handlers are installed. */
export function trackRunning(target: SignalTarget): void {
  if (targets.size === 0 && !cleaning) install();
  targets.add(target);
}

/** A runner has no running job any more. */
export function untrackRunning(target: SignalTarget): void {
  if (!targets.delete(target) || cleaning) return;
  if (targets.size === 0) uninstall();
}
