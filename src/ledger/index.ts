/** The job ledger: one atomic record per submission beside the job files (see store.ts for the layout). */
export { RECORD_VERSION, parseRecord, type LedgerRecord, type LedgerDependency, type LedgerPhase } from './record.js';
export { LEDGER_DIR, ledgerDir, listRecords, findByKey, findById, writeRecord } from './store.js';
export { submissionKey, redactHost, canonicalJson } from './key.js';
export { KEY_PREFIX, parseKeyMarker, withKeyMarker } from './marker.js';
export { recoverRecord, type Recovery } from './recover.js';
export { recordSubmission, keyOf, ledgerDependencies, type SubmissionContext } from './submit-hook.js';
export { pruneLedger, forgetJobs, removeEmptyLedger } from './prune.js';
