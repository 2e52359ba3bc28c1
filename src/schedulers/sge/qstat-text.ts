/**
 * Grid Engine's plain qstat outputs: the default table (`qstat`, `qstat -u '*'`), whose
 * `ja-task-ID` column holds a task or a task list, and `qstat -j ID`'s `key: value` listing.
 * hpcq itself asks for XML; these are read for users who hold such output.
 */
import { ParseError } from '../../errors.js';
import type { JobRecord, JobState } from '../../types.js';
import { parseCount, parseTime } from '../job-id.js';
import { expandSgeTasks } from './ids.js';
import { normalizeSgeState } from './states.js';

const HEADER = /^job-ID\s+prior\s+name\s+user\s+state\s+submit\/start at\s+queue\s+slots\s*(?:ja-task-ID)?\s*$/;

/** One table row: id prior name user state MM/DD/YYYY HH:MM:SS [queue] slots [tasks]. */
function tableRows(line: string, raw: string): JobRecord[] {
  const w = line.trim().split(/\s+/);
  const [id, , name, user, rawState, date, time, ...rest] = w;
  const state = normalizeSgeState(rawState ?? '');
  if (!/^\d+$/.test(id ?? '') || state === undefined || rest.length === 0 || rest.length > 3) {
    throw new ParseError(`Cannot read qstat table row: ${line.trim()}`, raw);
  }
  // The queue column is empty for pending jobs: a cell that is not a number is the queue.
  const queue = rest.length === 3 || (rest.length === 2 && !/^\d+$/.test(rest[0]!)) ? rest.shift() : undefined;
  const slots = parseCount(rest.shift());
  const tasks = rest.shift();
  const at = queue?.indexOf('@') ?? -1;
  const when = parseTime(`${date} ${time}`);
  const base = {
    baseId: id!,
    name: name!,
    user: user!,
    ...(queue !== undefined ? { partition: at >= 0 ? queue.slice(0, at) : queue } : {}),
    ...(queue !== undefined && at >= 0 ? { nodes: [queue.slice(at + 1)], nodeCount: 1 } : {}),
    state,
    rawState: rawState!,
    exitCode: null,
    signal: null,
    ...(slots !== undefined ? { cpus: slots } : {}),
    // The column is the start time of running jobs and the submit time of waiting ones.
    ...(when ? (queue !== undefined && state !== 'pending' ? { startTime: when } : { submitTime: when }) : {}),
  };
  if (tasks === undefined) return [{ id: id!, ...base }];
  const numbers = expandSgeTasks(tasks);
  if (numbers === undefined) return [{ id: id!, ...base, arrayIndex: tasks }];
  return numbers.map((n) => ({ id: `${id}.${n}`, ...base, arrayIndex: String(n) }));
}

/** Parse the default qstat table. Throws ParseError when the header is not Grid Engine's. */
export function parseSgeQstatTable(text: string): JobRecord[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const at = lines.findIndex((l) => HEADER.test(l.trim()));
  if (at < 0) throw new ParseError('Cannot read qstat output: no Grid Engine table header', text);
  return lines
    .slice(at + 1)
    .filter((l) => !/^-+$/.test(l.trim()) && !HEADER.test(l.trim()))
    .flatMap((l) => tableRows(l, text));
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
