/**
 * A one-line progress display for long waits: "hpcq: waiting for 12 jobs: 3 running, 9 pending [1m05s]".
 * Shown on a TTY only (or when asked), after a short delay so quick waits print nothing,
 * redrawn in place once a second, and erased when the wait ends.
 */
import type { JobState } from '../types.js';

export interface ProgressOptions {
  /** Force on or off; default: on when the stream is a TTY. */
  progress?: boolean;
  /** Where to draw; default process.stderr. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Milliseconds before the first line (default 1000) and between redraws (default 1000). */
  delayMs?: number;
  intervalMs?: number;
}

const ORDER: JobState[] = ['running', 'completing', 'pending', 'held', 'suspended', 'completed', 'failed', 'cancelled', 'unknown'];

function elapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${String(s % 60).padStart(h || m ? 2 : 1, '0')}s`;
}

/** "3 running, 9 pending" from a list of states, in a fixed order. */
export function summarizeStates(states: JobState[]): string {
  const counts = new Map<JobState, number>();
  for (const s of states) counts.set(s, (counts.get(s) ?? 0) + 1);
  return ORDER.filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${s}`).join(', ');
}

/** Start drawing `describe()` until the returned stop function is called. */
export function startProgress(describe: () => string, opts: ProgressOptions = {}): () => void {
  const stream = opts.stream ?? process.stderr;
  if (!(opts.progress ?? stream.isTTY === true)) return () => {};
  const started = Date.now();
  let drawn = false;
  const draw = (): void => {
    stream.write(`\r\x1b[2Khpcq: ${describe()} [${elapsed(Date.now() - started)}]`);
    drawn = true;
  };
  let interval: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    draw();
    interval = setInterval(draw, opts.intervalMs ?? 1000);
    interval.unref();
  }, opts.delayMs ?? 1000);
  first.unref();
  return () => {
    clearTimeout(first);
    if (interval) clearInterval(interval);
    if (drawn) stream.write('\r\x1b[2K');
  };
}
