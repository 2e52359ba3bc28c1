/**
 * `qacct -j [ID]`: the accounting records of finished jobs (one per job, or per array task),
 * each after a line of `=`, as `key   value` lines (accounting(5)). A job that was rescheduled
 * has a record per attempt; the last one is its outcome.
 */
import { ParseError } from '../../errors.js';
import type { JobRecord } from '../../types.js';
import { parseCount, parseTime } from '../job-id.js';
import { normalizeQacct } from './states.js';

/** The leading integer of a value such as `100 : assumedly after job` or `137 (Killed)`. */
function leadingInt(value: string | undefined): number | undefined {
  const m = value === undefined ? null : /^(-?\d+)/.exec(value.trim());
  return m ? Number(m[1]) : undefined;
}

function record(fields: Map<string, string>, raw: string): JobRecord {
  const job = fields.get('jobnumber');
  if (job === undefined || !/^\d+$/.test(job)) throw new ParseError('qacct -j: a record without a jobnumber', raw);
  const task = fields.get('taskid');
  const index = task !== undefined && /^\d+$/.test(task) ? task : undefined;
  const failed = leadingInt(fields.get('failed')) ?? 0;
  const exitStatus = leadingInt(fields.get('exit_status'));
  const outcome = normalizeQacct(failed, exitStatus);
  const host = fields.get('hostname');
  const slots = parseCount(fields.get('slots'));
  const submit = parseTime(fields.get('qsub_time'));
  const start = parseTime(fields.get('start_time'));
  const end = parseTime(fields.get('end_time'));
  return {
    id: index === undefined ? job : `${job}.${index}`,
    baseId: job,
    ...(index !== undefined ? { arrayIndex: index } : {}),
    ...(fields.has('jobname') ? { name: fields.get('jobname') } : {}),
    ...(fields.has('owner') ? { user: fields.get('owner') } : {}),
    ...(fields.has('qname') ? { partition: fields.get('qname') } : {}),
    ...outcome,
    rawState: `failed ${fields.get('failed') ?? '?'}, exit_status ${fields.get('exit_status') ?? '?'}`,
    ...(host !== undefined ? { nodes: [host], nodeCount: 1 } : {}),
    ...(slots !== undefined ? { cpus: slots } : {}),
    ...(submit ? { submitTime: submit } : {}),
    ...(start ? { startTime: start } : {}),
    ...(end ? { endTime: end } : {}),
  };
}

/**
 * Parse `qacct -j` output. "error: job id N not found" (qacct exits 1) gives []; text with
 * neither records nor that message throws ParseError. One record per job or task: the last.
 */
export function parseQacct(text: string): JobRecord[] {
  const byId = new Map<string, JobRecord>();
  let fields: Map<string, string> | undefined;
  const flush = () => {
    if (fields && fields.size > 0) {
      const r = record(fields, text);
      // A later attempt replaces the earlier one; re-inserting keeps the output's order.
      byId.delete(r.id);
      byId.set(r.id, r);
    }
  };
  let sawSeparator = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^={3,}\s*$/.test(line)) {
      flush();
      fields = new Map();
      sawSeparator = true;
      continue;
    }
    const kv = /^(\w+)\s+(.*?)\s*$/.exec(line);
    if (fields && kv) fields.set(kv[1]!, kv[2]!);
  }
  flush();
  if (!sawSeparator && text.trim() !== '' && !/job id \S+ not found|no jobs? (?:found|running)/i.test(text)) {
    throw new ParseError('Cannot read qacct output: no record separator (=====) and no "not found" message', text);
  }
  return [...byId.values()];
}
