/**
 * `schedulerFor(qtype, host)`: the process-wide Scheduler of a qtype on a host. Batch back-ends
 * get one `createBatchScheduler` per (back-end, host), so every Job, Queue and wait of that host
 * shares one poller; 'local' is the process's LocalRunner.
 */
import { HpcqError } from '../errors.js';
import { getDefaultRunner, peekDefaultRunner } from '../local-runner/index.js';
import { getBackend, LOCAL, type Qtype } from '../schedulers/registry.js';
import type { Scheduler } from '../schedulers/scheduler.js';
import type { Host } from '../util/host.js';
import { createBatchScheduler, type BatchScheduler } from './batch-scheduler.js';
import type { Poller, PollerOptions } from './poller.js';

const batch = new Map<string, BatchScheduler>();

function batchScheduler(qtype: Qtype, host: Host): BatchScheduler {
  const key = `${qtype}:${host.name}`;
  let scheduler = batch.get(key);
  if (!scheduler) {
    scheduler = createBatchScheduler(getBackend(qtype), host);
    batch.set(key, scheduler);
  }
  return scheduler;
}

/** The Scheduler of `qtype` on `host` (the local runner runs on this machine only). */
export function schedulerFor(qtype: Qtype, host: Host): Scheduler {
  if (qtype !== LOCAL) return batchScheduler(qtype, host);
  if (host.remote) throw new HpcqError(`The local runner cannot run jobs on ${host.name}; give that host's qtype`);
  return getDefaultRunner();
}

/** Like schedulerFor, but never starts a local runner (reading a state must not create one). */
export function peekScheduler(qtype: Qtype, host: Host): Scheduler | undefined {
  return qtype === LOCAL ? peekDefaultRunner() : batchScheduler(qtype, host);
}

/** The shared poller of a batch back-end on a host (benchmarks and tests read its stats). */
export function getPoller(qtype: Qtype, host: Host): Poller {
  return batchScheduler(qtype, host).poller;
}

/** A poller of its own for `qtype` on `host` (not shared: tests and benchmarks tune it). */
export function createPoller(qtype: Qtype, host: Host, opts: PollerOptions = {}): Poller {
  return createBatchScheduler(getBackend(qtype), host, { poller: opts }).poller;
}
