/**
 * The `Scheduler` interface: all that Job, Queue, wait, cancel, cleanDir and the CLI know of
 * where jobs run. The LocalRunner implements it directly; every batch back-end gets it from
 * `createBatchScheduler(backend, host)` (src/queue/batch-scheduler.ts); a REST scheduler would
 * implement it too, with nothing above it changing. Get one with `schedulerFor(qtype, host)`.
 */
import type { JobRecord, JobState, WaitOptions } from '../types.js';
import type { Host } from '../util/host.js';
import type { DependencyCapability, DependencyIds, DirectiveSyntax, ScriptLayout } from './backend.js';

/** One job to submit. Paths are absolute. */
export interface SchedulerSubmission {
  /** For messages. */
  name: string;
  /** The submission script. */
  script: string;
  /** stdout / stderr files ('' or absent: the script names its own). */
  outfile?: string;
  errfile?: string;
  /** The wrapper's status file; absent for a hand-written script (submitFile). */
  statusFile?: string;
  /** Directory the job starts in. */
  cwd: string;
  /** Ids to wait for, already planned (satisfied ones dropped; see src/core/dependencies.ts). */
  depends: DependencyIds;
  /** What the local runner needs to place the job; batch schedulers read the script's directives. */
  resources?: { cores?: number; time?: number; env?: Record<string, string> };
}

/** States of jobs this process does not follow, and what the scheduler said (for error messages). */
export interface StatusAnswer {
  /** By id as asked; ids no source knows are absent. */
  states: Map<string, JobState>;
  /** The command whose answer is worth quoting when ids are missing, and what it printed. */
  said: { command: string[]; exitCode: number | null; stdout: string; stderr: string };
}

/** What `Scheduler.history` reads: since a local time, for one user or every user. */
export interface HistorySince {
  since: string;
  user?: string;
  allUsers?: boolean;
}

/** Where jobs of one kind run on one host. */
export interface Scheduler {
  /** The qtype ('local' or a back-end's registry name). */
  readonly qtype: string;
  /** For messages ('Slurm', 'the local runner'). */
  readonly title: string;
  readonly host: Host;
  /** How the job script is laid out. */
  readonly layout: ScriptLayout;
  /** Directive syntax; undefined when the scheduler reads no directives (local). */
  readonly directives: DirectiveSyntax | undefined;
  /** How unsatisfiable dependencies end (the local runner ends them itself: 'native'). */
  readonly dependencies: DependencyCapability;

  /** Submit; resolves with the job id once the scheduler took it. Rejects with SubmitError. */
  submit(sub: SchedulerSubmission): Promise<string>;
  /**
   * The ids of tasks 0..count-1 of array `arrayId` as this host's scheduler names them (its own
   * first index applied); undefined for a scheduler without arrays (the local runner).
   */
  arrayTaskIds?(arrayId: string, count: number): Promise<string[]>;
  /** The most tasks one array may have on this host (asked once), undefined when the scheduler does not say. */
  arrayLimit?(): Promise<number | undefined>;
  /** Follow a job; `statusFile` lets the poller see its end without asking the scheduler. */
  track(id: string, opts?: { statusFile?: string }): void;
  /** The last known record of a followed job, synchronously (no command is run). */
  latest(id: string): JobRecord | undefined;
  /** Resolve with the job's final record (QueueError past the failure threshold; HpcqError on timeout/abort). */
  waitFor(id: string, opts?: WaitOptions): Promise<JobRecord>;
  /** One look at ids this process does not follow (dependency lookup, reuse); never throws for an unknown id, throws QueueError when the scheduler cannot answer. */
  status(ids: string[]): Promise<StatusAnswer>;
  /** The jobs of `user` (undefined: everyone's) now, as the shared poller last read them or reads them now. */
  listJobs(opts?: { user?: string }): Promise<JobRecord[]>;
  /**
   * Every job (of a user, or all users) started or ended since a local time
   * `YYYY-MM-DDTHH:MM:SS`, from the scheduler's accounting. Undefined when the scheduler keeps
   * no such history (the local runner): callers ask this instead of naming schedulers.
   */
  history?(opts: HistorySince): Promise<JobRecord[]>;
  /**
   * The accounting records of these ids, searched in all of history (defined with `history`).
   * Queue's `since` asks it for the jobs the live listing shows ended that `history` left out.
   */
  historyOf?(ids: string[]): Promise<JobRecord[]>;
  /** Cancel jobs; an id that already ended is not an error. */
  cancel(ids: string[]): Promise<void>;
  /** Resolve once fewer than `max` of the user's jobs are queued or running. */
  waitForRoom(max: number, opts?: WaitOptions): Promise<void>;
  /**
   * Script paths of the user's queued and running jobs (cleanDir keeps their files), or
   * undefined when this scheduler cannot tell (then status files decide). Rejects with
   * CommandError when its listing failed.
   */
  liveScripts(): Promise<Set<string> | undefined>;
}
