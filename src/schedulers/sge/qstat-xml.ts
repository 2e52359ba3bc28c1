/**
 * `qstat -xml` (also with `-u '*'`, `-r`, `-f`): running jobs under `queue_info`, pending ones
 * under `job_info`, each a `<job_list>`. One record per job, or per array task: a running
 * task is one `<job_list>` with `<tasks>4</tasks>`; pending tasks share one with a task list
 * (`<tasks>1-10:2</tasks>`, `3,4`), expanded into a record per task.
 */
import { ParseError } from '../../errors.js';
import type { JobRecord } from '../../types.js';
import { parseCount } from '../job-id.js';
import { createTimeReader, type TimeReader } from '../time-reader.js';
import { expandSgeTasks } from './ids.js';
import { normalizeSgeState } from './states.js';
import { descendants, parseSgeXml, text, type XmlNode } from './xml.js';

/** The text fields of one `<job_list>`, read once for all of its tasks. */
interface JobList {
  rawState: string;
  name: string | undefined;
  user: string | undefined;
  queue: string | undefined;
  slots: number | undefined;
  submit: string | undefined;
  start: string | undefined;
}

function readJobList(job: XmlNode): JobList {
  return {
    rawState: text(job, 'state') ?? '',
    name: text(job, 'JB_name'),
    user: text(job, 'JB_owner'),
    queue: text(job, 'queue_name'),
    slots: parseCount(text(job, 'slots')),
    submit: text(job, 'JB_submission_time'),
    start: text(job, 'JAT_start_time'),
  };
}

/**
 * The record of one `<job_list>` for one task (or the whole job when `task` is undefined).
 * Fields are set in one fixed order, so every record has the same key order.
 */
function jobListRecord(job: JobList, id: string, task: string | undefined, raw: string, time: TimeReader): JobRecord {
  const { rawState, queue } = job;
  const at = queue?.indexOf('@') ?? -1;
  const state = normalizeSgeState(rawState);
  if (state === undefined) throw new ParseError(`qstat -xml: job ${id} has an unknown state "${rawState}"`, raw);
  const submit = time(job.submit);
  const start = time(job.start);
  const record = { id: task === undefined ? id : `${id}.${task}`, baseId: id } as JobRecord;
  if (task !== undefined) record.arrayIndex = task;
  if (job.name !== undefined) record.name = job.name;
  if (job.user !== undefined) record.user = job.user;
  // all.q@node: the cluster queue is what -q names, the host is where the job runs.
  if (queue !== undefined) record.partition = at >= 0 ? queue.slice(0, at) : queue;
  if (queue !== undefined && at >= 0) {
    record.nodes = [queue.slice(at + 1)];
    record.nodeCount = 1;
  }
  record.state = state;
  record.rawState = rawState;
  if (rawState.includes('E')) record.pendingReason = 'error state (qstat -j shows why; qmod -cj clears it)';
  record.exitCode = null;
  record.signal = null;
  if (job.slots !== undefined) record.cpus = job.slots;
  if (submit) record.submitTime = submit;
  if (start) record.startTime = start;
  return record;
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
  const time = createTimeReader();
  for (const job of descendants(doc, 'job_list')) {
    const id = text(job, 'JB_job_number');
    if (id === undefined || !/^\d+$/.test(id)) throw new ParseError('qstat -xml: a <job_list> without a job number', text_);
    const tasks = text(job, 'tasks');
    const fields = readJobList(job);
    if (tasks === undefined) {
      records.push(jobListRecord(fields, id, undefined, text_, time));
      continue;
    }
    const numbers = expandSgeTasks(tasks);
    if (numbers === undefined) {
      // A task list too long to expand stays one record; its index goes last, as it always has.
      const record = jobListRecord(fields, id, undefined, text_, time);
      record.arrayIndex = tasks;
      records.push(record);
    } else for (const n of numbers) records.push(jobListRecord(fields, id, String(n), text_, time));
  }
  return records;
}
