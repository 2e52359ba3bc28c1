// The queue: the Scheduler of each back-end on each host, its shared poller, the resolver, and the Queue class. Re-exports only.
export { Queue, detectQtype, type QueueOptions } from './queue.js';
export { Poller, type PollerOptions, type PollerSource } from './poller.js';
export { createBatchScheduler, type BatchScheduler } from './batch-scheduler.js';
export { schedulerFor, peekScheduler, getPoller, createPoller } from './schedulers.js';
export { resolveOnce, type TrackedJob, type ResolveLimits, type ResolveContext, type CommandFailure } from './resolve.js';
export { advance, aggregate, matchRecord, recordFromStatus, settle } from './merge.js';
export { queueUpdateMs, maxJobs } from './settings.js';
