/**
 * `qstat -j ID -xml`: one job in detail (`<detailed_job_info><djob_info><element>` in SGE,
 * `<djob_info>` holding the fields directly in Univa Grid Engine). Its tasks that the qmaster
 * has started carry a `JAT_status` bit set; the rest are waiting. For a job the qmaster does
 * not know, `<unknown_jobs>`: no records.
 */
import { ParseError } from '../../errors.js';
import type { JobRecord, JobState } from '../../types.js';
import { children, descendants, parseSgeXml, text, type XmlNode } from './xml.js';

// Task status bits (JAT_status), from Grid Engine's libs/sgeobj/sge_job.h.
const JRUNNING = 0x80;
const JSUSPENDED = 0x100;
const JTRANSFERING = 0x200;
const JEXITING = 0x1000;
const JFINISHED = 0x10000;
// JB_type bit of an array job (qsub -t).
const JOB_TYPE_ARRAY = 0x80;

function taskState(status: number): JobState {
  if (status & JFINISHED) return 'unknown'; // ended: qacct says how
  if (status & JEXITING) return 'completing';
  if (status & JSUSPENDED) return 'suspended';
  if (status & (JRUNNING | JTRANSFERING)) return 'running';
  return 'pending';
}

/** Submission times are epoch seconds in SGE and epoch milliseconds in Univa Grid Engine. */
function epoch(value: string | undefined): Date | undefined {
  if (value === undefined || !/^\d+$/.test(value) || value === '0') return undefined;
  return new Date(value.length >= 13 ? Number(value) : Number(value) * 1000);
}

/** The tasks of a job: `<JB_ja_tasks>` holds `<ulong_sublist>`/`<element>` per task, or one task's fields. */
function tasksOf(job: XmlNode): XmlNode[] {
  return children(job, 'JB_ja_tasks').flatMap((t) => {
    const subs = [...children(t, 'ulong_sublist'), ...children(t, 'element')];
    return subs.length > 0 ? subs : text(t, 'JAT_task_number') !== undefined ? [t] : [];
  });
}

function jobRecords(job: XmlNode, errorState: boolean, raw: string): JobRecord[] {
  const id = text(job, 'JB_job_number');
  if (id === undefined || !/^\d+$/.test(id)) throw new ParseError('qstat -j -xml: a job without JB_job_number', raw);
  const isArray = ((Number(text(job, 'JB_type')) || 0) & JOB_TYPE_ARRAY) !== 0;
  const submit = epoch(text(job, 'JB_submission_time'));
  const base = {
    baseId: id,
    ...(text(job, 'JB_job_name') !== undefined ? { name: text(job, 'JB_job_name') } : {}),
    ...(text(job, 'JB_owner') !== undefined ? { user: text(job, 'JB_owner') } : {}),
    exitCode: null,
    signal: null,
    ...(submit ? { submitTime: submit } : {}),
  };
  const tasks = tasksOf(job);
  if (tasks.length === 0) {
    const state: JobState = errorState ? 'held' : 'pending';
    return [{ id, ...base, state, rawState: errorState ? 'Eqw' : 'qw' }];
  }
  return tasks.map((t) => {
    const n = text(t, 'JAT_task_number') ?? '1';
    const status = Number(text(t, 'JAT_status')) || 0;
    const message = descendants(t, 'QIM_message').map((m) => String(m['#text'] ?? ''))[0];
    const failed = errorState || (status === 0 && message !== undefined && /error/i.test(message));
    const start = epoch(text(t, 'JAT_start_time'));
    return {
      id: isArray ? `${id}.${n}` : id,
      ...base,
      ...(isArray ? { arrayIndex: n } : {}),
      state: failed ? 'held' : taskState(status),
      rawState: `JAT_status ${status}`,
      ...(failed && message ? { pendingReason: message } : {}),
      ...(start ? { startTime: start } : {}),
    };
  });
}

/** Parse `qstat -j ID -xml` into a record per job (per started task of an array job). */
export function parseSgeQstatDetail(raw: string): JobRecord[] {
  const trimmed = raw.trim();
  if (trimmed === '') return [];
  const doc = parseSgeXml(trimmed, 'qstat -j -xml');
  if ('unknown_jobs' in doc) return [];
  const info = children(doc, 'detailed_job_info')[0];
  if (info === undefined) throw new ParseError('qstat -j -xml: no <detailed_job_info>', raw);
  // The scheduler's messages name jobs in error state; they sit beside the jobs, not inside.
  const errorState = descendants(info, 'MES_message').some((m) => /error state/i.test(String(m['#text'] ?? '')));
  return children(info, 'djob_info').flatMap((d) => {
    const jobs = children(d, 'element');
    return (jobs.length > 0 ? jobs : [d]).map((job) => jobRecords(job, errorState, raw)).flat();
  });
}
