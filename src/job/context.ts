/**
 * Where a job runs: the one place that turns a `remote` option into a Host, and the scheduler
 * pieces (back-end, poller, local runner) for a qtype on that host.
 */
import { HpcqError } from '../errors.js';
import type { Host } from '../util/host.js';
import { createLocalHost } from '../util/local-host.js';

let localHost: Host | undefined;

/** What the remote module provides (loaded only when a `remote` option is given). */
interface RemoteModule {
  getRemoteHost(spec: unknown): Host;
}

/** The host for a `remote` option: this machine when absent, else the shared SSH host for it. */
export async function hostFor(remote?: unknown): Promise<Host> {
  if (remote === undefined || remote === null || remote === '') {
    localHost ??= createLocalHost();
    return localHost;
  }
  // Loaded lazily so that local use never pulls in the SSH client.
  const path = '../remote/index.js';
  let mod: RemoteModule;
  try {
    mod = (await import(path)) as RemoteModule;
  } catch (err) {
    throw new HpcqError(`remote: SSH support is not available in this build (${(err as Error).message})`, { cause: err });
  }
  return mod.getRemoteHost(remote);
}

/** Variables of an enclosing Slurm/PBS job that would corrupt a job submitted from inside it. */
export const SCHEDULER_ENV = /^(SLURM_|SBATCH_|SALLOC_|SRUN_|PBS_)/;
