/** Which scheduler a host offers. */
import { hostFor } from '../job/context.js';
import type { Qtype } from '../types.js';

/**
 * 'slurm' when sbatch is on PATH, else 'torque' when qsub is, else 'local'. Slurm comes first
 * because Slurm's Torque compatibility package installs a qsub beside sbatch.
 */
export async function detectScheduler(opts: { remote?: string | object } = {}): Promise<Qtype> {
  const host = await hostFor(opts.remote);
  if (await host.which('sbatch')) return 'slurm';
  if (await host.which('qsub')) return 'torque';
  return 'local';
}
