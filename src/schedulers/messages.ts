/** Reading a back-end's message patterns. */
import type { BatchBackend } from './backend.js';

/** True when a failed command's stderr says a retry could help (and no permanent refusal is among it). */
export function isTransient(backend: Pick<BatchBackend, 'messages'>, stderr: string): boolean {
  if (isPermanent(backend, stderr)) return false;
  return backend.messages.transient.some((re) => re.test(stderr));
}

/** True when the scheduler refused for a reason no retry can change. */
export function isPermanent(backend: Pick<BatchBackend, 'messages'>, stderr: string): boolean {
  return (backend.messages.permanent ?? []).some((re) => re.test(stderr));
}
