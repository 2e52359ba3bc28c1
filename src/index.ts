// Public API of hpcq: this file only re-exports.
export * from './errors.js';
export * from './types.js';
export type { Host, RunResult, RunOptions, FileStat } from './util/host.js';
export { createLocalHost } from './util/local-host.js';
export { shellQuote, shellJoin } from './util/shell-quote.js';
export { submit, makeJob, makeJobFile, submitFile, wait, cancel, cleanDir, detectScheduler, Job } from './api/index.js';
export type { SubmitOptions, SubmitFileOptions, JobsByIdOptions, CleanDirOptions, JobResult, JobFiles } from './api/index.js';
export { parseStatusFile, type JobStatus } from './job/status-file.js';
export { encodeTagged, decodeTagged } from './job/codec.js';
