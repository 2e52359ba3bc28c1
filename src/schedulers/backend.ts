/**
 * What a grid scheduler back-end provides: argv builders and pure parsers over text.
 * Back-ends never run anything; the queue and job modules run their argv through a Host.
 */
import type { JobRecord } from '../types.js';

/** Dependency kinds hpcq supports on every back-end. */
export type DependencyKind = 'afterok' | 'afterany' | 'afternotok';

/** Scheduler ids grouped by dependency kind (already resolved from Job objects). */
export type DependencyIds = Partial<Record<DependencyKind, string[]>>;

export interface SubmitRequest {
  /** Path of the submission script (`.sbatch` or `.qsub`). */
  script: string;
  /** Directory the scheduler starts the job in. */
  cwd?: string;
  depends?: DependencyIds;
  /** Paths for stdout/stderr, passed on the command line (Torque's sbatch wrapper ignores #PBS -o). */
  outfile?: string;
  errfile?: string;
}

export interface GridBackend {
  readonly qtype: 'slurm' | 'torque';
  /** argv that submits a script. */
  submitCommand(req: SubmitRequest): string[];
  /** The job id from a successful submit's stdout. */
  parseSubmitOutput(text: string): string;
  /** argv that lists live jobs (for a user and/or ids). */
  queueCommand(opts: { user?: string; ids?: string[] }): string[];
  parseQueue(text: string): JobRecord[];
  /** argv that reads finished jobs from accounting, if the scheduler has one. */
  historyCommand?(ids: string[]): string[];
  parseHistory?(text: string): JobRecord[];
  /** argv that lists every job (of a user, or all users) started or ended since a local time `YYYY-MM-DDTHH:MM:SS`; parsed by parseHistory. */
  historySinceCommand?(opts: { user?: string; allUsers?: boolean; since: string }): string[];
  /** argv that describes one job in detail (last resort before the status file). */
  detailCommand?(id: string): string[];
  parseDetail?(text: string): JobRecord[];
  /** argv that cancels jobs. */
  cancelCommand(ids: string[]): string[];
  /** True when stderr of a failed command says the error is worth retrying. */
  isTransient(stderr: string): boolean;
}
