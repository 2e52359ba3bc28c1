/**
 * Writing a job's files: every file is written atomically (temp + rename by the Host), and a
 * failure part-way removes what this call wrote, so no half-written job is left behind.
 */
import { HpcqError } from '../errors.js';
import { renderDirectives } from '../options/index.js';
import { getBackend, isBatchQtype, layoutOf } from '../schedulers/registry.js';
import { FILE_MODE } from '../util/atomic-write.js';
import { hasGuard, renderDependencyGuard } from './dependency-guard.js';
import { guardFor } from './guard-plan.js';
import { jobEnvOf, portableExports } from './job-env.js';
import type { Host } from '../util/host.js';
import { ownOutputPaths, writtenPaths } from './files.js';
import { renderFuncRunner } from './func-runner.js';
import { functionCommand, renderScripts, type ScriptFile } from './script.js';
import type { JobSpec } from './spec.js';

/** Where the command runs: the `dir` option, else the caller's directory (the file dir on a remote host). */
export function workDir(spec: JobSpec, host: Host): string {
  return spec.options.dir ?? (host.remote ? spec.filedir : process.cwd());
}

/** The files of a job, rendered: runner and input payload first, submission script last. */
export function renderJob(spec: JobSpec, host: Host): ScriptFile[] {
  const { files, options, qtype } = spec;
  const dir = workDir(spec, host);
  const backend = isBatchQtype(qtype) ? getBackend(qtype) : undefined;
  const directives = backend ? renderDirectives({ ...options, name: spec.name, outfile: files.out, errfile: files.err, dir }, qtype) : [];
  const guard = backend?.dependencies === 'guarded' ? guardFor(options.depends) : undefined;
  const command = typeof spec.task === 'string' ? spec.task : functionCommand(files, options.nodePath);
  const scripts = renderScripts({
    layout: layoutOf(qtype),
    files,
    directives,
    ...(backend ? { jobId: backend.env.jobId } : {}),
    portable: portableExports(jobEnvOf(qtype), spec.name),
    ...(hasGuard(guard) ? { guard: renderDependencyGuard(guard) } : {}),
    command,
    dir,
    modules: options.modules ?? [],
    setup: options.setup ?? [],
    env: options.env ?? {},
  });
  const out: ScriptFile[] = [];
  if (files.funcRunner && files.funcInput && spec.input !== undefined) {
    out.push({ path: files.funcRunner, text: renderFuncRunner(files), mode: FILE_MODE });
    out.push({ path: files.funcInput, text: spec.input, mode: FILE_MODE });
  }
  // Written last so that a submission script on disk means the job is complete.
  return [...out, ...scripts.reverse()];
}

/** True when any of the job's files already exists; HpcqError when filedir cannot be looked into. */
export async function filesExist(spec: JobSpec, host: Host): Promise<boolean> {
  const paths = [...writtenPaths(spec.files), ...ownOutputPaths(spec.files)];
  try {
    const stats = await Promise.all(paths.map((p) => host.stat(p)));
    return stats.some((s) => s !== undefined);
  } catch (err) {
    throw new HpcqError(`Cannot write the files of job ${spec.name} in ${spec.filedir}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Create the job's stdout/stderr empty (owner-only) unless they exist. The scheduler truncates
 * an existing file in place and keeps its mode; a file it creates gets the job's umask instead
 * (0644 under the usual 022, readable by every user). Returns the paths created.
 */
async function createLogs(spec: JobSpec, host: Host): Promise<string[]> {
  const logs = [spec.files.out, spec.files.err].filter((p, i, all) => p !== '' && all.indexOf(p) === i);
  const created: string[] = [];
  for (const path of logs) {
    if (await host.stat(path)) continue;
    await host.writeFile(path, '', { mode: FILE_MODE });
    created.push(path);
  }
  return created;
}

/**
 * Write the job's files. Outputs of an earlier run (status, result, stdout, stderr) are removed
 * first so they cannot be mistaken for this run's; a user-chosen outfile/errfile is not (the
 * scheduler truncates it when the job starts). Returns the paths written.
 */
export async function writeJob(spec: JobSpec, host: Host): Promise<string[]> {
  const rendered = renderJob(spec, host);
  const written: string[] = [];
  try {
    for (const path of ownOutputPaths(spec.files)) await host.remove(path);
    written.push(...(await createLogs(spec, host)));
    for (const file of rendered) {
      await host.writeFile(file.path, file.text, { mode: file.mode });
      written.push(file.path);
    }
  } catch (err) {
    await Promise.allSettled(written.map((p) => host.remove(p)));
    throw new HpcqError(`Could not write the files of job ${spec.name} in ${spec.filedir}: ${(err as Error).message}`, { cause: err });
  }
  return written;
}
