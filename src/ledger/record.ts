/**
 * One ledger record: what hpcq knows of one submission, written as one JSON file beside the
 * job's files. `parseRecord` is the only way a record is read back, so a corrupt, partial or
 * foreign file can never pass for a submission.
 */
import type { DependencyKind } from '../schedulers/backend.js';
import type { JobFiles } from '../job/files.js';
import { QTYPES, type Qtype } from '../types.js';

/** Version of the record layout; a reader skips records of a layout it does not know. */
export const RECORD_VERSION = 1;

/** A dependency as it was when the job was submitted. */
export interface LedgerDependency {
  kind: DependencyKind;
  /** Scheduler id of the dependency (absent for one that never reached the scheduler). */
  id?: string;
  /** Submission key of the dependency, when hpcq submitted it; else `id:<id>`. */
  key: string;
}

/**
 * Lifecycle of a record: `submitting` is written before the scheduler is asked (a crash after
 * that leaves a record whose key can be looked up), `submitted` once the scheduler gave an id.
 */
export type LedgerPhase = 'submitting' | 'submitted';

/** What the ledger holds for one submission. */
export interface LedgerRecord {
  v: typeof RECORD_VERSION;
  /** Submission key: hash of the rendered script, the normalised options and the dependency keys. */
  key: string;
  phase: LedgerPhase;
  /** Scheduler job id (runner id for local jobs); absent while `submitting`. */
  id?: string;
  qtype: Qtype;
  /** The host's name with any credentials removed ('localhost', 'user@host:port'). */
  host: string;
  /** The job's name as the scheduler shows it. */
  name: string;
  filedir: string;
  files: JobFiles;
  depends: LedgerDependency[];
  /** ISO time the submission started. */
  submitTime: string;
  /** What ran: a shell command or a function (whose result is in its output payload). */
  task?: 'command' | 'function';
  /** The file-name suffix of the job's files (`cluster` by default). */
  suffix?: string;
  /** Base name of the record's file in the ledger directory. */
  file: string;
}

const KINDS: readonly string[] = ['afterok', 'afterany', 'afternotok'];
const FILE_KEYS = ['submit', 'exec', 'out', 'err', 'status'] as const;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isString = (x: unknown): x is string => typeof x === 'string';

function validDependency(x: unknown): x is LedgerDependency {
  return isObject(x) && KINDS.includes(x.kind as string) && isString(x.key) && (x.id === undefined || isString(x.id));
}

function validFiles(x: unknown): x is JobFiles {
  return isObject(x) && FILE_KEYS.every((k) => isString(x[k]));
}

/** The record in `text`, or a short reason why it is not one (parse error, missing field, wrong type). */
export function parseRecord(text: string, file: string): LedgerRecord | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return `not JSON (${(err as Error).message})`;
  }
  if (!isObject(raw)) return 'not a JSON object';
  if (raw.v !== RECORD_VERSION) return `unknown record version ${String(raw.v)}`;
  if (!isString(raw.key) || raw.key === '') return 'no key';
  if (raw.phase !== 'submitting' && raw.phase !== 'submitted') return 'no phase';
  if (raw.phase === 'submitted' && (!isString(raw.id) || raw.id === '')) return 'submitted without an id';
  if (!QTYPES.includes(raw.qtype as Qtype)) return `unknown qtype ${String(raw.qtype)}`;
  for (const field of ['host', 'name', 'filedir', 'submitTime'] as const) {
    if (!isString(raw[field])) return `no ${field}`;
  }
  if (Number.isNaN(Date.parse(raw.submitTime as string))) return 'bad submitTime';
  if (!validFiles(raw.files)) return 'bad files';
  if (!Array.isArray(raw.depends) || !raw.depends.every(validDependency)) return 'bad depends';
  if (raw.task !== undefined && raw.task !== 'command' && raw.task !== 'function') return 'bad task';
  if (raw.suffix !== undefined && !isString(raw.suffix)) return 'bad suffix';
  return { ...(raw as unknown as LedgerRecord), file };
}

/** The record as written to disk (its file name is implied by where it lies). */
export function renderRecord(record: LedgerRecord): string {
  const { file: _file, ...data } = record;
  return `${JSON.stringify(data, null, 2)}\n`;
}
