/** Bounding a wait by WaitOptions' timeout and abort signal. */
import { HpcqError } from '../errors.js';
import type { WaitOptions } from '../types.js';

/** Race a promise against a wait's timeout and abort signal (HpcqError naming `what`). */
export async function bounded<T>(promise: Promise<T>, what: string, opts: WaitOptions = {}): Promise<T> {
  if (opts.timeout === undefined && !opts.signal) return promise;
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    if (opts.timeout !== undefined) {
      timer = setTimeout(() => reject(new HpcqError(`Timed out after ${opts.timeout} ms waiting for ${what}`)), opts.timeout);
    }
    if (opts.signal) {
      onAbort = () => reject(new HpcqError(`Waiting for ${what} was aborted`, { cause: opts.signal!.reason }));
      if (opts.signal.aborted) onAbort();
      else opts.signal.addEventListener('abort', onAbort, { once: true });
    }
  });
  try {
    return await Promise.race([promise, stop]);
  } finally {
    if (timer) clearTimeout(timer);
    if (onAbort) opts.signal?.removeEventListener('abort', onAbort);
  }
}
