// Public API of hpcq: this file only re-exports.
export * from './errors.js';
export * from './types.js';
export type { Host, RunResult, RunOptions, FileStat } from './util/host.js';
export { createLocalHost } from './util/local-host.js';
export { shellQuote, shellJoin } from './util/shell-quote.js';
