/** Which scheduler a host offers (the public face of src/schedulers/detect.ts). */
import { detectScheduler as detectOn } from '../schedulers/detect.js';
import type { Qtype } from '../types.js';
import { hostFor } from '../util/host-for.js';

/**
 * The first back-end of the registry that the host offers (Slurm before Torque, because Slurm's
 * Torque compatibility package installs a qsub beside sbatch), else 'local' on this machine.
 * With `remote`, the remote host is asked (and must offer one).
 */
export async function detectScheduler(opts: { remote?: string | object } = {}): Promise<Qtype> {
  return detectOn(await hostFor(opts.remote));
}
