/**
 * Grid Engine's plain qstat outputs: the default table (`qstat`, `qstat -u '*'`), whose
 * `ja-task-ID` column holds a task or a task list, and `qstat -j ID`'s `key: value` listing.
 * hpcq itself asks for XML; these are read for users who hold such output.
 */
import { ParseError } from '../../errors.js';
import type { JobRecord, JobState } from '../../types.js';
import { parseCount, parseTime } from '../job-id.js';
import { plainRecordConstructor } from '../plain-record.js';
import { createTimeReader, type TimeReader } from '../time-reader.js';
import { expandSgeTasks } from './ids.js';
import { normalizeSgeState } from './states.js';

const HEADER = /^job-ID\s+prior\s+name\s+user\s+state\s+submit\/start at\s+queue\s+slots\s*(?:ja-task-ID)?\s*$/;

/** One table row's fields, shared by the records of its tasks. */
interface TableRow {
  id: string;
  name: string;
  user: string;
  partition: string | undefined;
  nodes: string[] | undefined;
  state: JobState;
  rawState: string;
  slots: number | undefined;
  /** The start time of a running job, the submit time of a waiting one. */
  when: Date | undefined;
  started: boolean;
}

/** Fill the record of one task (or of the whole row); fields in one fixed order, set on `this` (plain-record.ts). */
function fillTableRecord(this: JobRecord, row: TableRow, id: string, arrayIndex: string | undefined): void {
  this.id = id;
  this.baseId = row.id;
  this.name = row.name;
  this.user = row.user;
  if (row.partition !== undefined) this.partition = row.partition;
  if (row.nodes !== undefined) {
    this.nodes = row.nodes;
    this.nodeCount = 1;
  }
  this.state = row.state;
  this.rawState = row.rawState;
  this.exitCode = null;
  this.signal = null;
  if (row.slots !== undefined) this.cpus = row.slots;
  if (row.when && row.started) this.startTime = row.when;
  else if (row.when) this.submitTime = row.when;
  if (arrayIndex !== undefined) this.arrayIndex = arrayIndex;
}

const TableRecord = plainRecordConstructor(fillTableRecord);

/**
 * The records of one table row (id prior name user state MM/DD/YYYY HH:MM:SS [queue] slots
 * [tasks]) appended to `out`: one, or one per task of a pending task list. The tasks of one
 * row share its node list and its time, as they always have.
 */
function tableRows(line: string, raw: string, time: TimeReader, out: JobRecord[]): void {
  const w = line.trim().split(/\s+/);
  const id = w[0];
  const rawState = w[4];
  const state = normalizeSgeState(rawState ?? '');
  // After the time: [queue] slots [tasks].
  const rest = w.length - 7;
  if (!/^\d+$/.test(id ?? '') || state === undefined || rest <= 0 || rest > 3) {
    throw new ParseError(`Cannot read qstat table row: ${line.trim()}`, raw);
  }
  // The queue column is empty for pending jobs: a cell that is not a number is the queue.
  let k = 7;
  const queue = rest === 3 || (rest === 2 && !/^\d+$/.test(w[7]!)) ? w[k++] : undefined;
  const slots = parseCount(w[k++]);
  const tasks = w[k];
  const at = queue?.indexOf('@') ?? -1;
  const row: TableRow = {
    id: id!,
    name: w[2]!,
    user: w[3]!,
    partition: queue === undefined ? undefined : at >= 0 ? queue.slice(0, at) : queue,
    nodes: queue !== undefined && at >= 0 ? [queue.slice(at + 1)] : undefined,
    state,
    rawState: rawState!,
    slots,
    when: time(`${w[5]} ${w[6]}`),
    started: queue !== undefined && state !== 'pending',
  };
  if (tasks === undefined) {
    out.push(new TableRecord(row, row.id, undefined));
    return;
  }
  const numbers = expandSgeTasks(tasks);
  if (numbers === undefined) out.push(new TableRecord(row, row.id, tasks));
  else for (const n of numbers) out.push(new TableRecord(row, `${id}.${n}`, String(n)));
}

/** Parse the default qstat table. Throws ParseError when the header is not Grid Engine's. */
export function parseSgeQstatTable(text: string): JobRecord[] {
  // Every line is trimmed where it is read, which drops a `\r` too.
  const lines = text.split('\n');
  const at = lines.findIndex((l) => HEADER.test(l.trim()));
  if (at < 0) throw new ParseError('Cannot read qstat output: no Grid Engine table header', text);
  const time = createTimeReader();
  const records: JobRecord[] = [];
  for (let k = at + 1; k < lines.length; k++) {
    const l = lines[k]!.trim();
    if (l === '' || /^-+$/.test(l) || HEADER.test(l)) continue;
    tableRows(l, text, time, records);
  }
  return records;
}

/**
 * Parse `qstat -j ID` text. Tasks with a `usage N:` line run; `error reason N:` means the job
 * is in error state (held until cleared); otherwise it waits. "Following jobs do not exist" gives [].
 */
export function parseSgeQstatJobText(text: string): JobRecord[] {
  const records: JobRecord[] = [];
  for (const block of text.split(/^={3,}\s*$/m)) {
    const fields = new Map<string, string>();
    const running = new Set<string>();
    let error = false;
    for (const line of block.split(/\r?\n/)) {
      const kv = /^([a-z_ -]+?)\s*(\d+)?:\s*(.*)$/.exec(line);
      if (!kv) continue;
      const [, key, task, value] = kv;
      if (key === 'usage' && task !== undefined) running.add(task);
      else if (key === 'error reason') error = true;
      else if (task === undefined) fields.set(key!, value!.trim());
    }
    const id = fields.get('job_number');
    if (id === undefined) continue;
    const submit = parseTime(fields.get('submission_time'));
    const base = {
      baseId: id,
      ...(fields.has('job_name') ? { name: fields.get('job_name') } : {}),
      ...(fields.has('owner') ? { user: fields.get('owner') } : {}),
      exitCode: null,
      signal: null,
      ...(submit ? { submitTime: submit } : {}),
    };
    const waiting: JobState = error ? 'held' : 'pending';
    const isArray = fields.has('job-array tasks');
    if (running.size === 0) records.push({ id, ...base, state: waiting, rawState: error ? 'Eqw' : 'qw' });
    for (const t of running) {
      records.push({ id: isArray ? `${id}.${t}` : id, ...base, ...(isArray ? { arrayIndex: t } : {}), state: 'running', rawState: 'r' });
    }
  }
  if (records.length === 0 && !/Following jobs do not exist/.test(text) && text.trim() !== '') {
    throw new ParseError('Cannot read qstat -j output: no job_number', text);
  }
  return records;
}
