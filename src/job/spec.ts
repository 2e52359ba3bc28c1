/**
 * From a task and the caller's options to everything a Job needs: resolved options, qtype,
 * the name shown by the scheduler, the unique file stem and the job's file paths.
 * Synchronous, so that `makeJob` can return a Job at once; nothing is written here.
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describeValue, HpcqError } from '../errors.js';
import type { CheckedOptions } from '../options/index.js';
import { resolveOptions } from '../profiles/index.js';
import { checkQtype } from '../schedulers/registry.js';
import type { Qtype } from '../types.js';
import { jobFiles, type JobFiles } from './files.js';
import type { Host } from '../util/host.js';
import { baseJobName, releaseName, reserveName, reserveNameIn } from './naming.js';
import { renderInput } from './payload.js';

/** A task: a shell command line, or a function run on the compute node. */
export type Task = string | ((...args: never[]) => unknown);

/** Everything a Job is built from. */
export interface JobSpec {
  task: Task;
  options: CheckedOptions;
  qtype: Qtype;
  /** The name as given (or derived): shown by the scheduler. */
  name: string;
  stem: string;
  suffix: string;
  filedir: string;
  files: JobFiles;
  /** Input payload of a function job, rendered (and checked) up front. */
  input?: string;
  /** The submission script is the user's own (submitFile): hpcq writes and cleans nothing. */
  external?: boolean;
}

function existingNames(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * Check a task and its options without knowing the scheduler yet (makeJob without qtype): bad
 * values, a bad qtype and an unserialisable function are refused at once. Returns the input payload.
 */
export function checkJobInput(task: Task, call: Record<string, unknown>, qtype?: Qtype): { options: ReturnType<typeof resolveOptions>; input?: string } {
  if (typeof task !== 'string' && typeof task !== 'function') {
    throw new HpcqError(`A job's task must be a shell command (string) or a function, got ${task === null ? 'null' : typeof task}`);
  }
  if (typeof task === 'string' && task.trim() === '') throw new HpcqError('A job needs a command: got an empty string');
  // bash drops a NUL byte silently, so the command would not run as written.
  if (typeof task === 'string' && task.includes('\0')) throw new HpcqError(`A job's command cannot contain a NUL byte: got ${describeValue(task)}`);
  if (call.qtype !== undefined) checkQtype(call.qtype);
  const options = resolveOptions(call, qtype ? { qtype } : {});
  // One status and output file per job cannot follow many tasks: arrays are map()'s, each task with its own files.
  if (call.array !== undefined || options.array !== undefined) throw new HpcqError(`The array option is not supported by submit(); use map(task, items, { parallel }) for job arrays (one task per item, each with its own status, output and result)`);
  const args = (options.args ?? []) as unknown[];
  if (!Array.isArray(args)) throw new HpcqError('args must be an array of arguments for the function');
  if (typeof task === 'string' && options.args !== undefined) throw new HpcqError('args is only for function jobs');
  // Refuse an unserialisable function before anything is written.
  return { options, ...(typeof task === 'function' ? { input: renderInput(task, args) } : {}) };
}

/** Check the task and options for `call.qtype` and derive the job's spec (throws OptionError/HpcqError). */
export function createJobSpec(task: Task, call: Record<string, unknown> & { qtype: Qtype }): JobSpec {
  const qtype = checkQtype(call.qtype);
  const { options, input } = checkJobInput(task, call, qtype);
  // resolveOptions already layers the config's [jobs] suffix/filedir under the call's.
  const suffix = options.suffix ?? 'cluster';
  const filedir = resolve(options.filedir ?? '.');
  // Absolute, like filedir: the scheduler starts the job in `dir` and the wrapper then cd's to it,
  // so a relative dir would be applied twice (and qsub runs from filedir).
  const dir = options.dir === undefined ? {} : { dir: resolve(options.dir) };
  const base = baseJobName(task, options.name);
  // A remote directory is listed when the job is written (restem); here only this process's names count.
  const stem = reserveNameIn(call.remote ? [] : existingNames(filedir), filedir, base, suffix);
  const files = jobFiles(stem, suffix, filedir, qtype, {
    func: typeof task === 'function',
    ...(options.outfile ? { outfile: options.outfile } : {}),
    ...(options.errfile ? { errfile: options.errfile } : {}),
  });
  const name = options.name ?? stem;
  return { task, options: { ...options, suffix, filedir, ...dir }, qtype, name, stem, suffix, filedir, files, ...(input ? { input } : {}) };
}

/** The spec with the next free stem in its directory (when its files appeared meanwhile). */
export async function restem(spec: JobSpec, host: Host): Promise<JobSpec> {
  releaseName(spec.filedir, spec.stem, spec.suffix);
  const base = baseJobName(spec.task, spec.options.name);
  const stem = await reserveName(host, spec.filedir, base, spec.suffix);
  const files = jobFiles(stem, spec.suffix, spec.filedir, spec.qtype, {
    func: typeof spec.task === 'function',
    ...(spec.options.outfile ? { outfile: spec.options.outfile } : {}),
    ...(spec.options.errfile ? { errfile: spec.options.errfile } : {}),
  });
  return { ...spec, stem, files, name: spec.options.name ?? stem };
}

/** The spec of a hand-written script submitted as is (`submitFile`). */
export function createFileSpec(path: string, call: Record<string, unknown> & { qtype: Qtype }): JobSpec {
  const qtype = checkQtype(call.qtype);
  const options = resolveOptions({ ...call, qtype }, { qtype });
  const script = resolve(path);
  const stem = script.split('/').pop() ?? script;
  const files: JobFiles = { submit: script, exec: script, out: '', err: '', status: '' };
  const filedir = resolve(script, '..');
  return { task: script, options, qtype, name: stem, stem, suffix: '', filedir, files, external: true };
}
