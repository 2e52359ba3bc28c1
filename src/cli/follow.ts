/**
 * Following a job's stdout and stderr files while it runs, for `hpcq run`: new bytes are copied
 * to this process's stdout and stderr as they appear. Files on this machine only (a local job,
 * or a batch job on a shared filesystem).
 */
import { open, stat } from 'node:fs/promises';

/** A file being followed and where its bytes go. */
interface Followed {
  path: string;
  sink: NodeJS.WritableStream;
  offset: number;
}

async function copyNew(f: Followed): Promise<void> {
  const size = await stat(f.path).then((s) => s.size, () => 0);
  // A file that shrank was rewritten from the start (a requeued job).
  if (size < f.offset) f.offset = 0;
  if (size === f.offset) return;
  const fh = await open(f.path, 'r');
  try {
    const buf = Buffer.alloc(size - f.offset);
    const { bytesRead } = await fh.read(buf, 0, buf.length, f.offset);
    f.offset += bytesRead;
    f.sink.write(buf.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}

/**
 * Copy what is appended to `out` and `err` until the returned stop() is called; stop() copies
 * what is left, so nothing written before the job ended is missed.
 */
export function followOutput(out: string, err: string, intervalMs = 250): { stop(): Promise<void> } {
  const files: Followed[] = [
    { path: out, sink: process.stdout, offset: 0 },
    { path: err, sink: process.stderr, offset: 0 },
  ];
  // One copy at a time: a tick that overlapped the previous one could write bytes twice.
  let running: Promise<void> = Promise.resolve();
  const tick = (): Promise<void> => (running = running.then(() => Promise.all(files.map(copyNew))).then(() => undefined, () => undefined));
  const timer = setInterval(() => void tick(), intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await tick();
    },
  };
}
