/**
 * The small status file that every hpcq job wrapper writes beside its outputs
 * (`<name>.<suffix>.status`). It is the ground truth for a finished job when the
 * scheduler has forgotten it, and the poller stats it so a finished job is seen
 * without asking the scheduler.
 *
 * Format: one `key=value` per line, appended as the job progresses:
 *   start=<unix seconds>   written when the wrapper starts
 *   host=<hostname>        node the job ran on
 *   pid=<pid>              the wrapper's process id on that node
 *   jobid=<scheduler id>   when the scheduler provides one
 *   exit=<0..255>          the command's exit status (128+N when killed by signal N)
 *   signal=<N>             present when the wrapper itself was signalled (scancel, timeout)
 *   end=<unix seconds>     written last; its presence means the file is complete
 */

export interface JobStatus {
  startTime?: Date;
  endTime?: Date;
  host?: string;
  /** The wrapper's process id on `host`. */
  pid?: number;
  jobId?: string;
  /** Exit status of the command, null while unknown. */
  exitCode: number | null;
  /** Signal that ended the command or wrapper, null when none. */
  signal: number | null;
  /** True once `end=` was written. */
  finished: boolean;
}

function toDate(seconds: string | undefined): Date | undefined {
  if (seconds === undefined || !/^\d+(\.\d+)?$/.test(seconds)) return undefined;
  return new Date(Number(seconds) * 1000);
}

function toInt(value: string | undefined): number | null {
  return value !== undefined && /^-?\d+$/.test(value) ? Number(value) : null;
}

/** Parse a status file's text; unknown keys and malformed lines are ignored (last value wins). */
export function parseStatusFile(text: string): JobStatus {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) values.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  const exitCode = toInt(values.get('exit'));
  let signal = toInt(values.get('signal'));
  if (signal === null && exitCode !== null && exitCode > 128 && exitCode < 128 + 65) signal = exitCode - 128;
  return {
    startTime: toDate(values.get('start')),
    endTime: toDate(values.get('end')),
    host: values.get('host'),
    pid: toInt(values.get('pid')) ?? undefined,
    jobId: values.get('jobid'),
    exitCode,
    signal,
    finished: values.has('end'),
  };
}
