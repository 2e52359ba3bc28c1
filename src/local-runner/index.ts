// The local runner: hpcq's own scheduler for one machine. This file only re-exports.
export { LocalRunner } from './runner.js';
export { getDefaultRunner, peekDefaultRunner } from './default-runner.js';
export type {
  LocalTask,
  LocalTaskOptions,
  LocalDepends,
  LocalJobRecord,
  LocalRunnerOptions,
  LocalRunnerStats,
} from './types.js';
