/**
 * What a finished job gives back: reading its files (stdout, stderr, status, function output)
 * and turning them into `get()`'s result or a JobFailedError.
 *
 * Decision: `get()` resolves only for a job that completed (exit 0, or a function that returned).
 * Every other end rejects with JobFailedError, including a command with a nonzero exit; the
 * error carries the state, reason, exit code, stdout, stderr and (for functions) the remote error.
 */
import { JobFailedError, type RemoteErrorInfo } from '../errors.js';
import type { JobState, StateReason } from '../types.js';
import type { Host } from '../util/host.js';
import { Limiter } from '../util/limiter.js';
import type { JobFiles } from './files.js';
import { parseOutput, type FunctionOutcome } from './payload.js';
import { parseStatusFile, type JobStatus } from '../core/status-file.js';

/** What `get()` resolves with. */
export interface JobResult<R = unknown> {
  exitCode: number | null;
  stdout: string | undefined;
  stderr: string | undefined;
  /** A function job's return value (undefined for commands). */
  result: R;
  state: JobState;
  reason: StateReason | undefined;
}

/** The files of a finished job, read once. */
export interface JobOutputs {
  stdout?: string;
  stderr?: string;
  status?: JobStatus;
  /** Function jobs: what the runner wrote; undefined when it wrote nothing. */
  outcome?: FunctionOutcome;
  /** Function jobs: why the output payload could not be read. */
  outcomeError?: Error;
}

/**
 * Jobs whose files are read at once. A wait on the last job of a big graph settles every job of
 * it together; reading all their files at the same moment would hold four files per job open
 * (EMFILE past the process's limit), so the reads queue here instead.
 */
export const OUTPUT_READS = 16;
const reading = new Limiter(OUTPUT_READS);

/** Read stdout, stderr, the status file and (for functions) the output payload. */
export async function readOutputs(host: Host, files: JobFiles): Promise<JobOutputs> {
  // Paths are '' for files hpcq does not know (a hand-written script's outputs).
  const read = (path: string | undefined): Promise<string | undefined> => (path ? host.readFile(path) : Promise.resolve(undefined));
  const [stdout, stderr, status, output] = await reading.run(() => Promise.all([read(files.out), read(files.err), read(files.status), read(files.funcOutput)]));
  const out: JobOutputs = { stdout, stderr };
  if (status !== undefined) out.status = parseStatusFile(status);
  if (output !== undefined) {
    try {
      out.outcome = parseOutput(output);
    } catch (err) {
      out.outcomeError = err as Error;
    }
  }
  return out;
}

/** A job's final facts, as `settle` needs them. */
export interface FinalFacts {
  id?: string;
  name: string;
  state: JobState;
  reason?: StateReason;
  exitCode: number | null;
  isFunction: boolean;
  /** The node binary a function job ran with (for the message when it is missing). */
  nodePath?: string;
}

/** Turn a final job and its outputs into get()'s result, or throw JobFailedError. */
export function settle<R>(facts: FinalFacts, out: JobOutputs): JobResult<R> {
  const fail = (remoteError?: RemoteErrorInfo, state = facts.state, reason = facts.reason): JobFailedError => {
    return new JobFailedError({
      ...(facts.id ? { jobId: facts.id } : {}),
      jobName: facts.name,
      state,
      ...(reason ? { reason } : {}),
      exitCode: facts.exitCode,
      ...(remoteError ? { remoteError } : {}),
      ...(out.stderr !== undefined ? { stderr: out.stderr } : {}),
      ...(out.stdout !== undefined ? { stdout: out.stdout } : {}),
    });
  };
  if (facts.isFunction && out.outcome && !out.outcome.ok) throw fail(out.outcome.error, 'failed', facts.reason ?? 'nonzero_exit');
  // Exit 127 without a result: the shell could not find node on the compute node.
  if (facts.isFunction && !out.outcome && facts.exitCode === 127) {
    const message = `node could not be started on the compute node: '${facts.nodePath ?? 'node'}' was not found (set nodePath, or load a module that provides node)`;
    throw fail({ name: 'NodeNotFound', message });
  }
  if (facts.state !== 'completed') throw fail();
  let result: unknown;
  if (facts.isFunction) {
    if (out.outcomeError) throw fail({ name: 'ParseError', message: out.outcomeError.message }, 'failed');
    // Completed without a result file: the runner never ran (e.g. node missing but exit 0).
    if (!out.outcome) throw fail({ name: 'Error', message: 'the function runner wrote no result' }, 'failed');
    result = out.outcome.ok ? out.outcome.value : undefined;
  }
  return {
    exitCode: facts.exitCode,
    stdout: out.stdout,
    stderr: out.stderr,
    result: result as R,
    state: facts.state,
    reason: facts.reason,
  };
}
