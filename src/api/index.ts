// The job API: submit, makeJob, makeJobFile, submitFile, wait, cancel, cleanDir, detectScheduler.
export { submit, makeJob, makeJobFile, submitFile } from './submit.js';
export type { SubmitOptions, SubmitFileOptions } from './submit.js';
export { wait, cancel } from './wait.js';
export type { JobsByIdOptions } from './wait.js';
export { cleanDir, findJobFiles } from './clean-dir.js';
export type { CleanDirOptions } from './clean-dir.js';
export { keptNote } from './live-jobs.js';
export type { KeptJobs } from './live-jobs.js';
export { detectScheduler } from './detect.js';
export { attachJob } from './attach.js';
export type { AttachOptions } from './attach.js';
export { Job } from '../job/job.js';
export type { JobResult } from '../job/result.js';
export type { JobFiles } from '../job/files.js';
export { map } from './map.js';
export type { MapOptions, MapTask } from './map.js';
export { JobArray, type Settled } from '../array/job-array.js';
export { ArrayTask } from '../array/task.js';
