// The queue: one poller per (scheduler, host), the resolver, and the Queue class. Re-exports only.
export { Queue, detectQtype, type QueueOptions } from './queue.js';
export { Poller, getPoller, type PollerOptions } from './poller.js';
export { resolveOnce, type TrackedJob, type ResolveLimits, type ResolveContext, type CommandFailure } from './resolve.js';
export { advance, aggregate, matchRecord, recordFromStatus, settle } from './merge.js';
export { queueUpdateMs, maxJobs } from './settings.js';
