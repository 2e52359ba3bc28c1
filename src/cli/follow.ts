/**
 * Copying a job's live output to this process, for `hpcq run` and `hpcq submit --follow`:
 * `job.stream()` follows the files through the job's host, so this works with --remote too.
 */
import type { Job } from '../job/job.js';

/** Write the job's stdout and stderr to ours as they are written; resolves once the job has ended and all was copied. */
export async function pipeOutput(job: Job, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<void> {
  for await (const { stream, chunk } of job.stream()) (stream === 'stdout' ? out : err).write(chunk);
}
