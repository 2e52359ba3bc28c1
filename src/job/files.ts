/**
 * Every path a job writes, decided in one place, and the marks that let `clean`/`cleanDir`
 * recognise hpcq's files.
 *
 * How hpcq recognises its own files (so a user's lookalike survives a clean):
 * - Scripts and the function runner carry `# hpcq job file` (or `// hpcq job file`) in their
 *   first lines, followed by a manifest line `# hpcq-files: <basename> <basename> ...` naming
 *   every file of that job (scripts, runner, payloads, status, stdout, stderr).
 * - Payload files are JSON objects with `"hpcq"` as their first key; the status file starts
 *   with `# hpcq job status`.
 * - stdout/stderr hold the user's output, so they carry no mark: they count as hpcq's only when
 *   a marked script of the same job names them in its manifest.
 */
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { layoutOf } from '../schedulers/registry.js';
import type { Qtype } from '../types.js';

/** Mark on the second line of every script hpcq writes. */
export const SCRIPT_MARK = '# hpcq job file';
/** Mark at the top of the function runner. */
export const RUNNER_MARK = '// hpcq job file';
/** First line of a status file written by hpcq's wrapper. */
export const STATUS_MARK = '# hpcq job status';
/** Prefix of the manifest line in scripts and the runner. */
export const MANIFEST_PREFIX = 'hpcq-files:';

/** Every path a job writes (absolute). */
export interface JobFiles {
  /** Script handed to the scheduler (`.sbatch`, `.qsub`, or the local script). */
  submit: string;
  /** Script holding the command and wrapper (the layout's `execExt`, Slurm's `.script`; else `submit`). */
  exec: string;
  out: string;
  err: string;
  status: string;
  /** Function jobs: the generated node runner and its payloads. */
  funcRunner?: string;
  funcInput?: string;
  funcOutput?: string;
}

/**
 * The files of job `stem` in `filedir`. `outfile`/`errfile` override stdout/stderr paths
 * (relative ones are taken from `filedir`).
 */
export function jobFiles(
  stem: string,
  suffix: string,
  filedir: string,
  qtype: Qtype,
  opts: { func?: boolean; outfile?: string; errfile?: string } = {},
): JobFiles {
  const dir = resolve(filedir);
  const base = join(dir, `${stem}.${suffix}`);
  // The back-end's layout: `.sbatch` plus a `.script` for Slurm, `.qsub` for Torque, '' for local.
  const layout = layoutOf(qtype);
  const submit = `${base}${layout.submitExt}`;
  const pick = (given: string | undefined, dflt: string): string =>
    given ? (isAbsolute(given) ? given : join(dir, given)) : dflt;
  const files: JobFiles = {
    submit,
    exec: layout.execExt ? `${base}${layout.execExt}` : submit,
    out: pick(opts.outfile, `${base}.out`),
    err: pick(opts.errfile, `${base}.err`),
    status: `${base}.status`,
  };
  if (opts.func) {
    const func = join(dir, `${stem}_func.${suffix}`);
    files.funcRunner = `${func}.mjs`;
    files.funcInput = `${func}.input.json`;
    files.funcOutput = `${func}.output.json`;
  }
  return files;
}

/** The distinct paths of a job, scripts first, outputs last. */
export function allPaths(files: JobFiles): string[] {
  const list = [files.submit, files.exec, files.funcRunner, files.funcInput, files.funcOutput, files.status, files.out, files.err];
  return [...new Set(list.filter((p): p is string => p !== undefined))];
}

/** Paths hpcq writes before submitting (scripts and input payload), i.e. not produced by the job. */
export function writtenPaths(files: JobFiles): string[] {
  const list = [files.submit, files.exec, files.funcRunner, files.funcInput];
  return [...new Set(list.filter((p): p is string => p !== undefined))];
}

/** Paths the running job produces (outputs, status, result payload). */
export function outputPaths(files: JobFiles): string[] {
  const list = [files.status, files.funcOutput, files.out, files.err];
  return list.filter((p): p is string => p !== undefined);
}

/** True when `path` is a stdout/stderr file the user chose (outfile/errfile), not one hpcq named. */
function userChosen(files: JobFiles, path: string): boolean {
  const base = files.status.replace(/\.status$/, '');
  return (path === files.out && path !== `${base}.out`) || (path === files.err && path !== `${base}.err`);
}

/**
 * Outputs hpcq itself named: what `write` may remove before a new run. A user's outfile/errfile
 * is left alone until that job runs (or the user cleans it with deleteOutputs), so writing a job
 * or a refused submission never destroys it.
 */
export function ownOutputPaths(files: JobFiles): string[] {
  return outputPaths(files).filter((p) => !userChosen(files, p));
}

/**
 * The manifest line (without comment leader) naming every file of a job by basename. Only files
 * beside the submission script are named, so `cleanDir` never reaches into another directory,
 * and a user-chosen outfile/errfile is not named, so `cleanDir` leaves the user's file alone.
 */
export function manifestLine(files: JobFiles): string {
  const dir = dirname(files.submit);
  const names = allPaths(files)
    .filter((p) => dirname(p) === dir && !userChosen(files, p))
    .map((p) => encodeURIComponent(basename(p)));
  return `${MANIFEST_PREFIX} ${names.join(' ')}`;
}

/** Read a manifest from a file's first lines: the basenames it names, or undefined if unmarked. */
export function parseManifest(text: string): string[] | undefined {
  const head = text.split('\n', 12);
  if (!head.some((l) => l === SCRIPT_MARK || l === RUNNER_MARK)) return undefined;
  const line = head.find((l) => l.replace(/^(#|\/\/)\s*/, '').startsWith(MANIFEST_PREFIX));
  if (!line) return [];
  const names = line.replace(/^(#|\/\/)\s*/, '').slice(MANIFEST_PREFIX.length).trim();
  return names ? names.split(/\s+/).map((n) => decodeURIComponent(n)) : [];
}

/**
 * The path of array task `index`'s copy of a per-job file: the index goes before the last
 * extension (`x.cluster.out` → `x.cluster.3.out`, `x_func.cluster.output.json` →
 * `x_func.cluster.output.3.json`), so each task of a `map` has its own status, stdout, stderr
 * and result and one task's failure is never hidden by another's. `index` may be a bash word
 * (the script builds the path at run time) or a number.
 */
export function taskPath(path: string, index: string | number): string {
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  return dot > slash ? `${path.slice(0, dot)}.${index}${path.slice(dot)}` : `${path}.${index}`;
}

/** The files of array task `index`: its own stdout, stderr, status and function result. */
export function taskFiles(files: JobFiles, index: number): JobFiles {
  return {
    ...files,
    out: taskPath(files.out, index),
    err: taskPath(files.err, index),
    status: taskPath(files.status, index),
    ...(files.funcOutput ? { funcOutput: taskPath(files.funcOutput, index) } : {}),
  };
}

/** The payload of a command `map`: one encoded command line per item, beside the scripts. */
export function itemsPath(files: JobFiles): string {
  return files.status.replace(/\.status$/, '.items');
}
