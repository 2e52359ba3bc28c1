/**
 * Following a job's stdout and stderr files through its Host while it runs (node:fs locally,
 * SFTP on a login node): each look reads only what was appended since the previous one.
 */
import { StringDecoder } from 'node:string_decoder';
import type { Host } from '../util/host.js';

/** One piece of a job's output, in the order it was read. */
export interface OutputChunk {
  stream: 'stdout' | 'stderr';
  chunk: string;
}

/** What `followOutputs` follows and how it knows that the job ended. */
export interface FollowSpec {
  host: Host;
  files: { stdout: string; stderr: string };
  /** Settles when the job has ended; the files are then read one last time to the end. */
  ended: Promise<unknown>;
  /** Milliseconds between looks while the job runs. */
  intervalMs: number;
}

/** Largest read per look, so a job that wrote gigabytes is streamed, not loaded whole. */
const MAX_READ = 1 << 20;

interface Followed {
  stream: OutputChunk['stream'];
  path: string;
  offset: number;
  // Per file, so a UTF-8 character split across two reads is not garbled.
  decoder: StringDecoder;
}

/** Everything appended to one file since the last look (empty when nothing was). */
async function readNew(host: Host, f: Followed): Promise<string> {
  const size = (await host.stat(f.path))?.size ?? 0;
  // A file that shrank was rewritten from the start (a requeued job).
  if (size < f.offset) {
    f.offset = 0;
    f.decoder = new StringDecoder('utf8');
  }
  let text = '';
  while (f.offset < size) {
    const bytes = await host.readFrom(f.path, f.offset, Math.min(MAX_READ, size - f.offset));
    if (!bytes?.length) break;
    f.offset += bytes.length;
    text += f.decoder.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
  }
  return text;
}

/**
 * Yield the output files' new text until `ended` settles, then what is left. The end is noted
 * before a look, so a job that ended while a look ran still gets one full look afterwards.
 */
export async function* followOutputs(spec: FollowSpec): AsyncGenerator<OutputChunk, void, undefined> {
  const files: Followed[] = (['stdout', 'stderr'] as const).map((stream) => ({ stream, path: spec.files[stream], offset: 0, decoder: new StringDecoder('utf8') }));
  let done = false;
  const endedNow = spec.ended.then(
    () => (done = true),
    () => (done = true),
  );
  for (;;) {
    const last = done;
    for (const f of files) {
      const chunk = (await readNew(spec.host, f)) + (last ? f.decoder.end() : '');
      if (chunk) yield { stream: f.stream, chunk };
    }
    if (last) return;
    let timer: NodeJS.Timeout | undefined;
    // Wake at the next look or as soon as the job ends, whichever is first.
    await Promise.race([endedNow, new Promise((r) => (timer = setTimeout(r, spec.intervalMs)))]);
    clearTimeout(timer);
  }
}
