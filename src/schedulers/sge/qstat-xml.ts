/**
 * `qstat -xml` (also with `-u '*'`, `-r`, `-f`): running jobs under `queue_info`, pending ones
 * under `job_info`, each a `<job_list>`. One record per job, or per array task: a running
 * task is one `<job_list>` with `<tasks>4</tasks>`; pending tasks share one with a task list
 * (`<tasks>1-10:2</tasks>`, `3,4`), expanded into a record per task.
 */
import { ParseError } from '../../errors.js';
import type { JobRecord } from '../../types.js';
import { parseCount, parseTime } from '../job-id.js';
import { expandSgeTasks } from './ids.js';
import { normalizeSgeState } from './states.js';
import { descendants, parseSgeXml, text, type XmlNode } from './xml.js';

/** The record of one `<job_list>` for one task (or the whole job when `task` is undefined). */
function jobListRecord(job: XmlNode, id: string, task: string | undefined, raw: string): JobRecord {
  const rawState = text(job, 'state') ?? '';
  const queue = text(job, 'queue_name');
  const at = queue?.indexOf('@') ?? -1;
  const state = normalizeSgeState(rawState);
  if (state === undefined) throw new ParseError(`qstat -xml: job ${id} has an unknown state "${rawState}"`, raw);
  const slots = parseCount(text(job, 'slots'));
  const submit = parseTime(text(job, 'JB_submission_time'));
  const start = parseTime(text(job, 'JAT_start_time'));
  return {
    id: task === undefined ? id : `${id}.${task}`,
    baseId: id,
    ...(task !== undefined ? { arrayIndex: task } : {}),
    ...(text(job, 'JB_name') !== undefined ? { name: text(job, 'JB_name') } : {}),
    ...(text(job, 'JB_owner') !== undefined ? { user: text(job, 'JB_owner') } : {}),
    // all.q@node: the cluster queue is what -q names, the host is where the job runs.
    ...(queue !== undefined ? { partition: at >= 0 ? queue.slice(0, at) : queue } : {}),
    ...(queue !== undefined && at >= 0 ? { nodes: [queue.slice(at + 1)], nodeCount: 1 } : {}),
    state,
    rawState,
    ...(rawState.includes('E') ? { pendingReason: 'error state (qstat -j shows why; qmod -cj clears it)' } : {}),
    exitCode: null,
    signal: null,
    ...(slots !== undefined ? { cpus: slots } : {}),
    ...(submit ? { submitTime: submit } : {}),
    ...(start ? { startTime: start } : {}),
  };
}

/**
 * Parse `qstat -xml` into records. An empty listing gives []; so does the `<unknown_jobs>`
 * answer. Malformed XML, a job without a number or with an unknown state throws ParseError.
 */
export function parseSgeQstatXml(text_: string): JobRecord[] {
  const trimmed = text_.trim();
  if (trimmed === '') return [];
  const doc = parseSgeXml(trimmed, 'qstat -xml');
  const records: JobRecord[] = [];
  for (const job of descendants(doc, 'job_list')) {
    const id = text(job, 'JB_job_number');
    if (id === undefined || !/^\d+$/.test(id)) throw new ParseError('qstat -xml: a <job_list> without a job number', text_);
    const tasks = text(job, 'tasks');
    if (tasks === undefined) {
      records.push(jobListRecord(job, id, undefined, text_));
      continue;
    }
    const numbers = expandSgeTasks(tasks);
    if (numbers === undefined) records.push({ ...jobListRecord(job, id, undefined, text_), arrayIndex: tasks });
    else for (const n of numbers) records.push(jobListRecord(job, id, String(n), text_));
  }
  return records;
}
