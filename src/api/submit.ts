/** Making and submitting jobs: `makeJob`, `makeJobFile`, `submit`, `submitFile`. */
import type { CheckedOptions } from '../options/index.js';
import { checkMaxQueueLen, readOptionsObject } from '../options/control.js';
import type { DependencyRef } from '../core/dependencies.js';
import { Job } from '../job/job.js';
import { baseJobName } from '../job/naming.js';
import { checkJobInput, createFileSpec, createJobSpec, type Task } from '../job/spec.js';
import { detectScheduler } from '../schedulers/detect.js';
import { checkQtype } from '../schedulers/registry.js';
import type { Qtype } from '../types.js';
import { hostFor } from '../util/host-for.js';
import { reuseEarlier } from './attach.js';

/** Options of submit/makeJob: every keyword of the options table plus the control keys. */
export type SubmitOptions = Partial<Omit<CheckedOptions, 'depends' | 'mem' | 'time'>> & {
  /** Megabytes, or a string with a unit: '4000', '20GB', '512M'. */
  mem?: number | string;
  /** Seconds, or Slurm's forms ('10:00', '1-00:00:00') and '90m', '2h'. */
  time?: number | string;
  /** Jobs or ids this job waits for: a list (afterok) or { afterok, afterany, afternotok }. */
  depends?: DependencyRef | DependencyRef[] | Partial<Record<'afterok' | 'afterany' | 'afternotok', DependencyRef | DependencyRef[]>>;
  /** Block submit() while this many of your jobs are queued or running. */
  maxQueueLen?: number;
};

function split(options: SubmitOptions): { call: Record<string, unknown>; maxQueueLen?: number } {
  // JavaScript callers may pass null, a string or a hostile object: an OptionError, not a TypeError.
  const { maxQueueLen, ...call } = readOptionsObject(options);
  const limit = checkMaxQueueLen(maxQueueLen);
  return { call, ...(limit !== undefined ? { maxQueueLen: limit } : {}) };
}

/** The call's qtype, or the one detected on its host (this machine, or its `remote`). */
export async function qtypeOf(call: Record<string, unknown>): Promise<Qtype> {
  return call.qtype !== undefined ? checkQtype(call.qtype) : detectScheduler(await hostFor(call.remote));
}

/**
 * A Job for a shell command or a function, with nothing written or submitted yet. Options are
 * checked now (OptionError); a function that cannot be sent is refused now (HpcqError). Without
 * a qtype, the scheduler is detected on the job's host when it is first written or submitted.
 */
export function makeJob<R = unknown>(task: Task | ((...args: any[]) => R), options: SubmitOptions = {}): Job<Awaited<R>> {
  const { call } = split(options);
  if (call.qtype !== undefined) {
    const spec = createJobSpec(task as Task, { ...call, qtype: checkQtype(call.qtype) });
    return new Job<Awaited<R>>(spec, { name: spec.name, qtype: spec.qtype });
  }
  const { options: checked } = checkJobInput(task as Task, call);
  const build = { remote: call.remote, spec: (qtype: Qtype) => createJobSpec(task as Task, { ...call, qtype }) };
  return new Job<Awaited<R>>(undefined, { name: checked.name ?? baseJobName(task as Task, undefined), build });
}

/** Write a job's files without submitting; returns the submission script's path. */
export async function makeJobFile(task: Task | ((...args: any[]) => unknown), options: SubmitOptions = {}): Promise<string> {
  const job = makeJob(task, { ...options, qtype: await qtypeOf(options) });
  await job.write();
  return job.files.submit;
}

/** Write and submit a job; resolves once the scheduler (or local runner) took it. */
export async function submit<R = unknown>(task: Task | ((...args: any[]) => R), options: SubmitOptions = {}): Promise<Job<Awaited<R>>> {
  // Checked first: JavaScript callers may pass null or a string, which must not be spread.
  const { call, maxQueueLen } = split(options);
  const spec = createJobSpec(task as Task, { ...call, qtype: await qtypeOf(call) });
  // With `reuse`, an identical earlier submission that still stands is re-attached (src/api/attach.ts).
  const earlier = await reuseEarlier<Awaited<R>>(spec);
  if (earlier) return earlier;
  const job = new Job<Awaited<R>>(spec, { name: spec.name, qtype: spec.qtype });
  return job.submit(maxQueueLen !== undefined ? { maxQueueLen } : {});
}

/** Options of submitFile. */
export interface SubmitFileOptions {
  depends?: SubmitOptions['depends'];
  qtype?: Qtype;
  /** Local mode: cores the script occupies. */
  threads?: number;
  /** Directory the job starts in (and where the scheduler puts default output files). Default: the working directory. */
  dir?: string;
  remote?: string | object;
}

/** Submit a hand-written script as it is (its own directives apply); dependencies work as for submit(). */
export async function submitFile(path: string, options: SubmitFileOptions = {}): Promise<Job> {
  const { threads, ...rest } = options;
  const spec = createFileSpec(path, { ...rest, ...(threads !== undefined ? { cores: threads } : {}), qtype: await qtypeOf(rest) });
  return new Job(spec, { name: spec.name, qtype: spec.qtype }).submit();
}
