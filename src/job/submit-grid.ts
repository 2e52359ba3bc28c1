/**
 * Submitting a written job to Slurm or Torque: build the argv with the back-end, run it on the
 * job's host without the outer job's scheduler variables, retry transient refusals, parse the id.
 */
import { isTransient } from '../schedulers/messages.js';
import { basename, dirname } from 'node:path';
import { CommandError, SubmitError } from '../errors.js';
import type { DependencyIds } from '../schedulers/backend.js';
import { Queue } from '../queue/index.js';
import { isFinal } from '../core/states.js';
import { getBackend } from '../schedulers/index.js';
import type { Host, RunResult } from '../util/host.js';
import { createLogger } from '../util/log.js';
import { SCHEDULER_ENV } from './context.js';
import type { JobFiles } from './files.js';

const log = createLogger('job');
/** Attempts for a transient refusal (controller busy, socket timeout), with doubling pauses. */
const ATTEMPTS = 4;
const FIRST_PAUSE_MS = 1000;

/** One submission to a grid scheduler. */
export interface GridSubmission {
  host: Host;
  qtype: 'slurm' | 'torque';
  files: JobFiles;
  depends: DependencyIds;
  /** Directory the scheduler starts the job in. */
  cwd: string;
  /** For messages. */
  name: string;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function refusal(sub: GridSubmission, result: RunResult, transient: boolean): SubmitError {
  const ids = Object.values(sub.depends).flat();
  const scheduler = sub.qtype === 'slurm' ? 'Slurm' : 'Torque';
  const summary =
    ids.length && /depend/i.test(result.stderr)
      ? `${scheduler} refused job ${sub.name}: it does not accept the dependency ids ${ids.join(', ')} (unknown to the scheduler, or finished and forgotten)`
      : `${scheduler} refused job ${sub.name}`;
  // Torque's qsub (and Slurm's qsub wrapper) report refusals on stdout.
  const said = result.stderr.trim() ? result.stderr : result.stdout;
  return new SubmitError(summary, { ...result, stderr: said, transient });
}

/**
 * Where qsub runs and the paths it is given. Slurm's qsub wrapper pastes its arguments into a
 * shell command line unquoted, so a path with a space breaks it and one with `$(...)` runs on the
 * submit host. For scripts hpcq wrote (which cd to `dir` themselves) qsub runs in their directory
 * and gets the file names hpcq chose, which are safe; a path elsewhere stays absolute.
 */
function placement(sub: GridSubmission): { cwd: string; script: string; outfile?: string; errfile?: string } {
  const { files } = sub;
  // A hand-written script (submitFile) names its own outputs (files.out/err are '') and may rely on its start directory.
  const ours = sub.qtype === 'torque' && files.status !== '';
  const cwd = ours ? dirname(files.submit) : sub.cwd;
  const path = (p: string): string => (ours && dirname(p) === cwd ? basename(p) : p);
  return { cwd, script: path(files.submit), ...(files.out ? { outfile: path(files.out) } : {}), ...(files.err ? { errfile: path(files.err) } : {}) };
}

/** Submit; resolves with the scheduler's job id, rejects with SubmitError quoting the scheduler. */
export async function submitGrid(sub: GridSubmission): Promise<string> {
  const backend = getBackend(sub.qtype);
  const { cwd, ...paths } = placement(sub);
  const argv = backend.submitCommand({ ...paths, cwd, depends: sub.depends });
  for (let attempt = 1; ; attempt++) {
    const result = await sub.host.run(argv, { cwd, stripEnv: SCHEDULER_ENV });
    if (result.exitCode === 0) {
      try {
        return backend.parseSubmitOutput(result.stdout);
      } catch (err) {
        throw new SubmitError(`Could not read the job id of ${sub.name} from ${argv[0]}'s output`, { ...result, cause: err });
      }
    }
    const transient = isTransient(backend, result.stderr);
    if (!transient || attempt >= ATTEMPTS) throw refusal(sub, result, transient);
    const pause = FIRST_PAUSE_MS * 2 ** (attempt - 1);
    log.info(`${argv[0]} failed transiently (${result.stderr.trim()}); retrying in ${pause} ms`);
    await sleep(pause);
  }
}

/** Cancel grid jobs by id; an id the scheduler no longer knows is not an error. */
export async function cancelGrid(host: Host, qtype: 'slurm' | 'torque', ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const argv = getBackend(qtype).cancelCommand(ids);
  const result = await host.run(argv, { stripEnv: SCHEDULER_ENV });
  if (result.exitCode === 0 || /invalid job id|unknown job|already completed|completed job/i.test(result.stderr)) return;
  // Slurm's qdel wrapper fails silently for a job that already ended: ask the queue before blaming it.
  if (!(await anyLive(host, qtype, ids))) return;
  throw new CommandError(`Could not cancel ${ids.join(', ')}`, result);
}

/** True unless the queue shows every one of `ids` ended or gone (also true when the queue cannot be read). */
async function anyLive(host: Host, qtype: 'slurm' | 'torque', ids: string[]): Promise<boolean> {
  try {
    const queue = await new Queue({ qtype, host }).update();
    return ids.some((id) => {
      const rec = queue.jobs.get(id);
      return rec !== undefined && !isFinal(rec.state);
    });
  } catch {
    return true;
  }
}

/** Resolve once fewer than `maxQueueLen` of the user's jobs are queued or running (`submit({ maxQueueLen })`). */
export async function waitForRoom(host: Host, qtype: 'slurm' | 'torque', maxQueueLen: number): Promise<void> {
  const queue = new Queue({ qtype, host });
  await queue.waitToSubmit(maxQueueLen);
}
