/**
 * Slurm's `--json` output (`sacct --json`, `squeue --json`, `scontrol show job --json`),
 * data_parser v0.0.37 to v0.0.40: numbers may come wrapped as `{set, infinite, number}`
 * and states as a string or an array of flags.
 */
import { ParseError } from '../../errors.js';
import type { JobRecord } from '../../types.js';
import { expandNodeList, nodeBudget, type NodeBudget } from '../job-id.js';
import { normalizeSlurmState, parseExitCode } from './slurm-states.js';
import { assignDefined } from '../record-fields.js';

type Json = Record<string, unknown>;

/** `{set: true, number: 5}` → 5, `{set: false}` → undefined, plain values as they are. */
function unwrap(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && 'number' in (value as Json)) {
    const v = value as Json;
    return v.set === false || v.infinite === true ? undefined : v.number;
  }
  return value;
}

function num(value: unknown): number | undefined {
  const v = unwrap(value);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** A string value, or undefined for anything else (a parser never passes a number on as a name). */
function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** An object field as an object (missing, null or a scalar read as empty). */
function obj(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

function first(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.length ? str(value[0]) : undefined;
  return str(value);
}

/** Epoch seconds as a Date; 0, absent or out of range is no time. */
function epoch(value: unknown): Date | undefined {
  const n = num(value);
  const d = n ? new Date(n * 1000) : undefined;
  return d && !Number.isNaN(d.getTime()) ? d : undefined;
}

/** `exit_code` as a number, or `{return_code, signal: {id}}` (sacct) / `{signal: {signal_id}}`. */
function exitText(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? `${value}:0` : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  const ec = value as Json;
  const signal = obj(ec.signal);
  const rc = num(ec.return_code) ?? 0;
  const sig = num(signal.id) ?? num(signal.signal_id) ?? 0;
  return `${rc}:${sig}`;
}

/** The job's steps, and the signal its `batch` step ended with (a TIMEOUT job's own row reads 0:0). */
function stepFacts(job: Json): { oom: boolean; batchExit?: string } {
  const steps = Array.isArray(job.steps) ? job.steps.map(obj) : [];
  const oom = steps.some((s) => first(s.state) === 'OUT_OF_MEMORY');
  const batch = steps.find((s) => {
    const step = obj(s.step);
    return step.name === 'batch' || step.id === 'batch' || (typeof step.id === 'string' && step.id.endsWith('.batch'));
  });
  const batchExit = batch && exitText(batch.exit_code);
  return batchExit !== undefined ? { oom, batchExit } : { oom };
}

function toRecord(value: unknown, text: string, budget: NodeBudget): JobRecord {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ParseError('Slurm JSON: a job that is not an object', text);
  const job = value as Json;
  const state = obj(job.state);
  const rawState = first(state.current) ?? first(job.job_state) ?? '';
  const reason = str(state.reason) ?? str(job.state_reason);
  const status = normalizeSlurmState(rawState, exitText(job.exit_code), reason);
  if (!status) throw new ParseError(`Unknown Slurm job state "${rawState}" in JSON output`, text);
  const jobIdNumber = num(job.job_id);
  if (jobIdNumber === undefined || !Number.isInteger(jobIdNumber) || jobIdNumber < 0) throw new ParseError('Slurm JSON: a job without a job_id', text);
  const jobId = String(jobIdNumber);
  const array = obj(job.array);
  const arrayJob = num(array.job_id) ?? num(job.array_job_id);
  const task = num(array.task_id) ?? num(job.array_task_id);
  const het = obj(job.het);
  const hetJob = num(het.job_id) ?? num(job.het_job_id);
  const hetOffset = num(het.job_offset) ?? num(job.het_job_offset);
  let id = jobId;
  let baseId = jobId;
  if (arrayJob && task !== undefined) [id, baseId] = [`${arrayJob}_${task}`, String(arrayJob)];
  else if (hetJob && hetOffset !== undefined) [id, baseId] = [`${hetJob}+${hetOffset}`, String(hetJob)];
  const steps = stepFacts(job);
  const record: JobRecord = { id, baseId, state: status.state, rawState, exitCode: status.exitCode, signal: status.signal };
  if (steps.oom && (record.state === 'completed' || record.state === 'failed')) Object.assign(record, { state: 'failed', reason: 'out_of_memory' });
  // As parseSacct's text form does: a killed job's own row says 0:0, its batch step names the signal.
  const batch = steps.batchExit !== undefined ? parseExitCode(steps.batchExit) : undefined;
  if (record.signal === null && batch?.signal != null && (record.state === 'failed' || record.state === 'cancelled')) {
    record.signal = batch.signal;
    record.exitCode ??= batch.exitCode;
  }
  const time = obj(job.time);
  assignDefined(record, {
    arrayIndex: arrayJob && task !== undefined ? String(task) : undefined,
    reason: record.reason ?? status.reason,
    pendingReason: status.state === 'pending' || status.state === 'held' ? (reason !== 'None' ? reason : undefined) : undefined,
    name: str(job.name),
    user: str(job.user) ?? str(job.user_name),
    partition: str(job.partition),
    nodes: typeof job.nodes === 'string' ? expandNodeList(job.nodes, budget) : undefined,
    submitTime: epoch(time.submission ?? job.submit_time),
    startTime: epoch(time.start ?? job.start_time),
    endTime: epoch(time.end ?? job.end_time),
  });
  return record;
}

/** Whether text is JSON (starts with `{`). */
export function isJson(text: string): boolean {
  return text.trimStart().startsWith('{');
}

/** Parse any Slurm `--json` job listing into records. */
export function parseSlurmJson(text: string): JobRecord[] {
  let data: Json;
  try {
    data = JSON.parse(text) as Json;
  } catch (err) {
    throw new ParseError(`Malformed Slurm JSON: ${(err as Error).message}`, text);
  }
  if (data === null || typeof data !== 'object' || !Array.isArray(data.jobs)) throw new ParseError('Slurm JSON without a "jobs" list', text);
  const budget = nodeBudget(text);
  return (data.jobs as unknown[]).map((job) => toRecord(job, text, budget));
}
