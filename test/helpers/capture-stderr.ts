/** Record everything written to stderr (hpcq's log) during each test of the calling suite, still passing it on. */
import { afterEach, beforeEach, vi } from 'vitest';

/** Per test: `text()` is all stderr written so far; HPCQ_LOG is set to `level` and restored after. */
export function captureStderr(level = 'debug'): { text(): string } {
  let chunks: string[] = [];
  beforeEach(() => {
    chunks = [];
    vi.stubEnv('HPCQ_LOG', level);
    const write = process.stderr.write.bind(process.stderr);
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      chunks.push(String(chunk));
      return write(chunk as string, ...(rest as []));
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });
  return { text: () => chunks.join('') };
}
