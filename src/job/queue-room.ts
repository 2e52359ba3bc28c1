/** Blocking a submission while the user's queue is full (`submit({ maxQueueLen })`). */
import { Queue } from '../queue/index.js';

/** Resolve once fewer than `maxQueueLen` of the user's jobs are queued or running. */
export async function waitForRoom(qtype: 'slurm' | 'torque', remote: unknown, maxQueueLen: number): Promise<void> {
  const queue = new Queue({ qtype, ...(remote ? { remote: remote as never } : {}) });
  await queue.waitToSubmit(maxQueueLen);
}
