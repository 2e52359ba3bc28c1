/**
 * The runner's internal job: one compact object per job. Fields that most jobs never need
 * (dependents, waiters, the running handle, outcome details) stay undefined until used, so a
 * queued job costs a few hundred bytes (bench B5).
 */
import { userInfo } from 'node:os';
import type { RemoteErrorInfo } from '../errors.js';
import type { JobState, StateReason } from '../types.js';
import type { FunctionPayload } from './function-task.js';
import type { LocalHandle, LocalJobRecord, LocalOutcome } from './types.js';

/** What a job runs: a shell command, an exact argv, or a function's payload. */
export type JobTask = string | { argv: string[] } | FunctionPayload;

/** Dependency kinds, as the cluster names them. */
export type DepKind = 'afterok' | 'afterany' | 'afternotok';

/** Extra options kept only when given (cwd, env, output files). */
export interface JobExtras {
  cwd?: string;
  env?: Record<string, string>;
  stdout?: string;
  stderr?: string;
}

/** The user every local job runs as (this process's), as a listing shows it. */
export const LOCAL_USER = ((): string | undefined => {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
})();

/** One job of a LocalRunner. */
export class LocalJob {
  state: JobState = 'pending';
  reason: StateReason | undefined = undefined;
  exitCode: number | null = null;
  signal: number | null = null;
  /** Epoch milliseconds (Date objects are made only for records). */
  submitTime: number;
  startTime = 0;
  endTime = 0;
  /** When the job became ready (dependencies done); used for starvation avoidance. */
  readyTime = 0;
  /** Dependencies not yet ended. */
  pendingDeps = 0;
  /** Jobs waiting on this one, with the kind of each edge. */
  dependents: Array<LocalJob | DepKind> | undefined = undefined;
  /** Resolvers of get() promises, created lazily. */
  waiters: Array<(r: LocalJobRecord) => void> | undefined = undefined;
  handle: LocalHandle | undefined = undefined;
  /** Why the runner killed it: decides cancelled vs timeout when the process ends. */
  killedFor: 'cancel' | 'timeout' | undefined = undefined;
  timer: NodeJS.Timeout | undefined = undefined;
  result: unknown = undefined;
  error: RemoteErrorInfo | undefined = undefined;
  out: string | undefined = undefined;
  err: string | undefined = undefined;

  constructor(
    readonly seq: number,
    readonly id: string,
    /** The name given at add(), if any (the default is derived only for records). */
    readonly name: string | undefined,
    readonly task: JobTask,
    readonly cores: number,
    /** Time limit in seconds, 0 for none. */
    readonly time: number,
    readonly extras: JobExtras | undefined,
  ) {
    this.submitTime = Date.now();
  }

  /** Whether the job has reached a final state. */
  get final(): boolean {
    return this.state === 'completed' || this.state === 'failed' || this.state === 'cancelled';
  }

  /** A fresh record of the job (a snapshot; later changes do not show in it). */
  toRecord(): LocalJobRecord {
    const r: LocalJobRecord = {
      id: this.id,
      baseId: this.id,
      name: this.name ?? defaultName(this.task),
      ...(LOCAL_USER ? { user: LOCAL_USER } : {}),
      state: this.state,
      rawState: this.state.toUpperCase(),
      exitCode: this.exitCode,
      signal: this.signal,
      cpus: this.cores,
      nodes: ['localhost'],
      nodeCount: 1,
      submitTime: new Date(this.submitTime),
    };
    if (this.reason) r.reason = this.reason;
    if (this.state === 'pending') r.pendingReason = this.pendingDeps > 0 ? 'Dependency' : 'Resources';
    if (this.startTime) r.startTime = new Date(this.startTime);
    if (this.endTime) r.endTime = new Date(this.endTime);
    if (this.result !== undefined) r.result = this.result;
    if (this.error) r.error = this.error;
    if (this.out !== undefined) r.stdout = this.out;
    if (this.err !== undefined) r.stderr = this.err;
    return r;
  }
}

/** Default name of a job: the command's first word, 'function', or 'job'. */
export function defaultName(task: JobTask): string {
  let raw: string;
  if (typeof task === 'string') raw = task.trim().split(/\s+/)[0] ?? '';
  else if ('argv' in task) raw = task.argv[0] ?? '';
  else raw = 'function';
  raw = raw.slice(raw.lastIndexOf('/') + 1);
  return raw || 'job';
}

/**
 * The final state of a job that ran, in the cluster's terms: what the runner killed it for
 * first, then how it ended. A signal death leaves exitCode null and `signal` set.
 */
export function finalState(o: LocalOutcome, killedFor: 'cancel' | 'timeout' | undefined): [JobState, StateReason?] {
  if (killedFor === 'cancel') return ['cancelled'];
  if (killedFor === 'timeout') return ['failed', 'timeout'];
  if (o.launchFailed) return ['failed', 'launch_failed'];
  if (o.signal) return ['failed', 'signal'];
  return o.exitCode === 0 ? ['completed'] : ['failed', 'nonzero_exit'];
}
