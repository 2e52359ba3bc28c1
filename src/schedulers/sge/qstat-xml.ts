/**
 * `qstat -xml` (also with `-u '*'`, `-r`, `-f`): running jobs under `queue_info`, pending ones
 * under `job_info`, each a `<job_list>`. One record per job, or per array task: a running
 * task is one `<job_list>` with `<tasks>4</tasks>`; pending tasks share one with a task list
 * (`<tasks>1-10:2</tasks>`, `3,4`), expanded into a record per task.
 */
import { ParseError } from '../../errors.js';
import type { JobRecord, JobState } from '../../types.js';
import { parseCount } from '../job-id.js';
import { plainRecordConstructor } from '../plain-record.js';
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

/** Fill the record of one task (or of the whole job); fields in one fixed order, set on `this` (plain-record.ts). */
function fillJobListRecord(this: JobRecord, job: JobList, state: JobState, id: string, task: string | undefined, time: TimeReader): void {
  const { rawState, queue } = job;
  const at = queue?.indexOf('@') ?? -1;
  const submit = time(job.submit);
  const start = time(job.start);
  this.id = task === undefined ? id : `${id}.${task}`;
  this.baseId = id;
  if (task !== undefined) this.arrayIndex = task;
  if (job.name !== undefined) this.name = job.name;
  if (job.user !== undefined) this.user = job.user;
  // all.q@node: the cluster queue is what -q names, the host is where the job runs.
  if (queue !== undefined) this.partition = at >= 0 ? queue.slice(0, at) : queue;
  if (queue !== undefined && at >= 0) {
    this.nodes = [queue.slice(at + 1)];
    this.nodeCount = 1;
  }
  this.state = state;
  this.rawState = rawState;
  if (rawState.includes('E')) this.pendingReason = 'error state (qstat -j shows why; qmod -cj clears it)';
  this.exitCode = null;
  this.signal = null;
  if (job.slots !== undefined) this.cpus = job.slots;
  if (submit) this.submitTime = submit;
  if (start) this.startTime = start;
}

const JobListRecord = plainRecordConstructor(fillJobListRecord);

/** The record of one `<job_list>` for one task (or the whole job when `task` is undefined). */
function jobListRecord(job: JobList, id: string, task: string | undefined, raw: string, time: TimeReader): JobRecord {
  const state = normalizeSgeState(job.rawState);
  if (state === undefined) throw new ParseError(`qstat -xml: job ${id} has an unknown state "${job.rawState}"`, raw);
  return new JobListRecord(job, state, id, task, time);
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
