// Public API of hpcq: this file only re-exports.
export * from './errors.js';
export * from './types.js';
export type { Host, RunResult, RunOptions, FileStat } from './util/host.js';
export { createLocalHost } from './util/local-host.js';
export { shellQuote, shellJoin } from './util/shell-quote.js';
export { submit, makeJob, makeJobFile, submitFile, wait, cancel, cleanDir, detectScheduler, attachJob, Job, map, JobArray, ArrayTask } from './api/index.js';
export type { SubmitOptions, SubmitFileOptions, JobsByIdOptions, CleanDirOptions, AttachOptions, JobResult, JobFiles, MapOptions, MapTask, Settled } from './api/index.js';
export { parseStatusFile, type JobStatus } from './core/status-file.js';
export { encodeTagged, decodeTagged } from './job/codec.js';
export { Queue, getPoller, Poller, type QueueOptions } from './queue/index.js';
export {
  parseSqueue,
  parseSacct,
  parseScontrol,
  parseQstat,
  parseQacct,
  parseSubmitOutput,
  getBackend,
  slurmBackend,
  sgeBackend,
  torqueBackend,
  type BatchBackend,
  type DependencyIds,
  type DependencyKind,
} from './schedulers/index.js';
export {
  OPTION_TABLE,
  checkOptions,
  renderDirectives,
  optionHelp,
  parseMemory,
  parseDuration,
  type JobOptions,
  type ControlOptions,
  type CheckedOptions,
  type OptionSpec,
} from './options/index.js';
export { configPath, getProfile, setProfile, deleteProfile, listProfiles, getOption, setOption, resolveOptions } from './profiles/index.js';
export { LocalRunner, getDefaultRunner, type LocalTask, type LocalTaskOptions, type LocalJobRecord, type LocalRunnerOptions } from './local-runner/index.js';
export { getRemoteHost, closeAllRemoteHosts, parseRemoteSpec, type RemoteSpec, type RemoteOptions } from './remote/index.js';
export { listRecords, findByKey, findById, recoverRecord, ledgerDir, type LedgerRecord, type LedgerDependency, type Recovery } from './ledger/index.js';
export { renderReport, collectReport, type ReportOptions, type ReportJob, type Outcome } from './report/index.js';
