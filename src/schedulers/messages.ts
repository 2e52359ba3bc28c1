/** Reading a back-end's message patterns. */
import type { BatchBackend } from './backend.js';

/** True when a failed command's stderr says a retry could help. */
export function isTransient(backend: Pick<BatchBackend, 'messages'>, stderr: string): boolean {
  return backend.messages.transient.some((re) => re.test(stderr));
}
