/**
 * Which jobs found by `cleanDir` are still queued or running, so their files are left alone:
 * a pending Slurm job runs its `.script` only when it starts, and a running job still writes its
 * status file and outputs. At most one scheduler command is run per call.
 *
 * How a job counts as live:
 * - Jobs of a back-end with a `scriptsCommand` (Slurm: `squeue -h -o '%i|%o' --user=<me>`): one
 *   listing names the batch script of each of the user's queued or running jobs; a job whose
 *   script is listed is live, any other is not. Run only when such jobs were found; when the
 *   command is missing or fails (no controller), the status-file rule below decides.
 * - Every other job: its status file exists but has no `end=` line yet (the wrapper started and
 *   has not ended). A wrapper killed with SIGKILL never writes `end=`, so such a job's files stay
 *   until removed by hand (or `job.clean()`).
 * - Local jobs: jobs of this process's default LocalRunner (only if one exists) that are not
 *   final and whose argv names the job's script.
 * Not detected: a Torque job still waiting in the queue (its status file does not exist yet and
 * asking qstat for every job's script is not cheap), and jobs of another user or of another
 * process's local runner that have not started yet.
 */
import { basename } from 'node:path';
import { parseStatusFile } from '../core/status-file.js';
import type { CommandError } from '../errors.js';
import { createLogger } from '../util/log.js';
import { peekScheduler, schedulerFor } from '../queue/index.js';
import { isBatchQtype, LOCAL } from '../schedulers/registry.js';
import type { Qtype } from '../types.js';
import type { Host } from '../util/host.js';
import { hostname } from 'node:os';

const log = createLogger('clean');


/** One job's files as found in a directory by cleanDir. */
export interface FoundJob {
  /** The job's name (its files' stem), for messages. */
  name: string;
  /** The scheduler its scripts were written for; undefined for a lone status or payload file. */
  qtype: Qtype | undefined;
  /** Absolute paths of every file the job's manifest names (present or not). */
  named: string[];
  /** Absolute paths of its files present in the directory. */
  paths: string[];
  /** Absolute path of its status file, when present. */
  status: string | undefined;
}

/** Whether a process of this machine is alive (EPERM: alive, someone else's). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the job's status file says it started and has not ended. When the wrapper ran on this
 * machine and recorded its pid, that process must still exist: a wrapper killed outright
 * (SIGKILL) never writes end=, and its files must not be kept forever.
 */
async function statusRunning(host: Host, job: FoundJob): Promise<boolean> {
  if (!job.status) return false;
  const text = await host.readFile(job.status).catch(() => undefined);
  if (text === undefined) return false;
  const status = parseStatusFile(text);
  if (status.finished) return false;
  if (!host.remote && status.pid !== undefined && status.host === hostname()) return processAlive(status.pid);
  return true;
}

/** The jobs among `jobs` that are still queued or running (see the file comment). Never throws for a scheduler failure. */
export async function findLiveJobs(jobs: readonly FoundJob[], host: Host): Promise<FoundJob[]> {
  // One listing per scheduler that can name its jobs' scripts (Slurm's squeue %o), for the
  // schedulers whose jobs were found; the local runner is asked only if it exists.
  const qtypes = [...new Set(jobs.map((j) => j.qtype).filter((q): q is Qtype => q !== undefined && isBatchQtype(q)))];
  const scripts = new Map<Qtype, Set<string>>();
  for (const qtype of qtypes) {
    const found = await schedulerFor(qtype, host)
      .liveScripts()
      .catch((err: Error) => {
        const e = err as Partial<CommandError>;
        const why = e.command ? `${e.command.join(' ')} failed (exit ${e.exitCode}: ${(e.stderr ?? '').trim().replace(/\s+/g, ' ').slice(0, 300)})` : err.message;
        log.warn(`${why}; deciding which jobs are live by their status files only`);
        return undefined;
      });
    if (found) scripts.set(qtype, found);
  }
  const local = await peekScheduler(LOCAL, host)?.liveScripts();
  const listed = (p: string): boolean => !!local?.has(p) || [...scripts.values()].some((s) => s.has(p) || s.has(basename(p)));
  const live = await Promise.all(
    jobs.map(async (j) => {
      if (j.named.some(listed)) return true;
      // A scheduler that lists its jobs' scripts knows every queued or running job of the user: a
      // status file without `end=` left by a killed wrapper must not keep such a job's files forever.
      if (j.qtype && scripts.has(j.qtype)) return false;
      return statusRunning(host, j);
    }),
  );
  return jobs.filter((_, i) => live[i]);
}

/** The jobs cleanDir left alone: their names and the paths not deleted. */
export interface KeptJobs {
  names: string[];
  paths: string[];
}

/** The note about kept jobs: `kept N files of M jobs still queued or running: a, b`. */
export function keptNote(kept: KeptJobs): string {
  return `kept ${kept.paths.length} files of ${kept.names.length} jobs still queued or running: ${kept.names.join(', ')}`;
}
