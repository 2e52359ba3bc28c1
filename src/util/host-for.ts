/**
 * The one place that turns a `remote` option into a Host: this machine when absent, else the
 * shared SSH host for it. The remote module (and ssh2 with it) is imported only then, through a
 * literal path that tsc checks, so `import 'hpcq'` never loads the SSH client.
 */
import { HpcqError } from '../errors.js';
import type { Host } from './host.js';
import { createLocalHost } from './local-host.js';

let localHost: Host | undefined;

/** Whether a `remote` option names a remote host. */
export function isRemote(remote: unknown): boolean {
  return !(remote === undefined || remote === null || remote === '');
}

/** The host for a `remote` option (see the file comment). */
export async function hostFor(remote?: unknown): Promise<Host> {
  if (!isRemote(remote)) {
    localHost ??= createLocalHost();
    return localHost;
  }
  let mod: typeof import('../remote/index.js');
  try {
    mod = await import('../remote/index.js');
  } catch (err) {
    throw new HpcqError(`remote: SSH support is not available in this build (${(err as Error).message})`, { cause: err });
  }
  return mod.getRemoteHost(remote as Parameters<typeof mod.getRemoteHost>[0]);
}
