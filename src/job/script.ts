/**
 * Job scripts, laid out as the back-end says (ScriptLayout). What they share (marks, manifest,
 * the status wrapper) lives in files.ts and wrapper.ts; this file only arranges it:
 * - with an `execExt` (Slurm): the submission script (directives, then `exec`s the exec script)
 *   and the exec script (the wrapper and command), as the seed did;
 * - otherwise one script: directives (none for local) and the wrapper.
 */
import type { ScriptLayout } from '../schedulers/backend.js';
import { FILE_MODE } from '../util/atomic-write.js';
import { shellQuote } from '../util/shell-quote.js';
import { manifestLine, SCRIPT_MARK, type JobFiles } from './files.js';
import { renderWrapper, type WrappedCommand } from './wrapper.js';

/** A script to write: its path, text and file mode. */
export interface ScriptFile {
  path: string;
  text: string;
  mode: number;
}

/** Everything a job script needs. */
export interface ScriptSpec extends Omit<WrappedCommand, 'status'> {
  layout: ScriptLayout;
  files: JobFiles;
  /** Rendered directive lines ([] for local). */
  directives: readonly string[];
}

/**
 * Scripts are owner-only: they hold env values (tokens). Every scheduler and the local runner
 * runs them through bash (sbatch/qsub copy them, the exec script is `exec /bin/bash`'ed), so
 * no execute bit is needed.
 */
const MODE = FILE_MODE;

/** Shebang, directives (they must precede any command), mark and manifest. */
function header(spec: ScriptSpec, directives: readonly string[]): string[] {
  return ['#!/bin/bash', ...directives, SCRIPT_MARK, `# ${manifestLine(spec.files)}`];
}

function wrapped(spec: ScriptSpec): string[] {
  return renderWrapper({ ...spec, status: spec.files.status });
}

function text(lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

/** The scripts of a job, submission script first. */
export function renderScripts(spec: ScriptSpec): ScriptFile[] {
  const { files } = spec;
  if (spec.layout.execExt) {
    // The exec script is run by bash directly, so the wrapper's traps get the scheduler's signals.
    const submit = [...header(spec, spec.directives), `exec /bin/bash ${shellQuote(files.exec)}`];
    const exec = [...header(spec, []), ...wrapped(spec)];
    return [
      { path: files.submit, text: text(submit), mode: MODE },
      { path: files.exec, text: text(exec), mode: MODE },
    ];
  }
  return [{ path: files.submit, text: text([...header(spec, spec.directives), ...wrapped(spec)]), mode: MODE }];
}

/** The command line that runs a function job's runner with `nodePath` (default `node`). */
export function functionCommand(files: JobFiles, nodePath = 'node'): string {
  if (!files.funcRunner || !files.funcInput || !files.funcOutput) {
    throw new Error('functionCommand: the job has no function files');
  }
  return [nodePath, files.funcRunner, files.funcInput, files.funcOutput].map(shellQuote).join(' ');
}
