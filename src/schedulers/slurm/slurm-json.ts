/**
 * Slurm's `--json` output (`sacct --json`, `squeue --json`, `scontrol show job --json`),
 * data_parser v0.0.37 to v0.0.40: numbers may come wrapped as `{set, infinite, number}`
 * and states as a string or an array of flags.
 */
import { ParseError } from '../../errors.js';
import type { JobRecord } from '../../types.js';
import { expandNodeList } from '../job-id.js';
import { normalizeSlurmState } from './slurm-states.js';
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

function first(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.length ? String(value[0]) : undefined;
  return typeof value === 'string' ? value : undefined;
}

function epoch(value: unknown): Date | undefined {
  const n = num(value);
  return n ? new Date(n * 1000) : undefined;
}

/** `exit_code` as a number, or `{return_code, signal: {id}}` (sacct) / `{signal: {signal_id}}`. */
function exitText(value: unknown): string | undefined {
  if (typeof value === 'number') return `${value}:0`;
  if (value === null || typeof value !== 'object') return undefined;
  const ec = value as Json;
  const signal = (ec.signal ?? {}) as Json;
  const rc = num(ec.return_code) ?? 0;
  const sig = num(signal.id) ?? num(signal.signal_id) ?? 0;
  return `${rc}:${sig}`;
}

function toRecord(job: Json, text: string): JobRecord {
  const state = (job.state ?? {}) as Json;
  const rawState = first(state.current) ?? first(job.job_state) ?? '';
  const reason = (state.reason as string | undefined) ?? (job.state_reason as string | undefined);
  const status = normalizeSlurmState(rawState, exitText(job.exit_code), reason);
  if (!status) throw new ParseError(`Unknown Slurm job state "${rawState}" in JSON output`, text);
  const jobId = String(num(job.job_id) ?? '');
  const array = (job.array ?? {}) as Json;
  const arrayJob = num(array.job_id) ?? num(job.array_job_id);
  const task = num(array.task_id) ?? num(job.array_task_id);
  const het = (job.het ?? {}) as Json;
  const hetJob = num(het.job_id) ?? num(job.het_job_id);
  const hetOffset = num(het.job_offset) ?? num(job.het_job_offset);
  let id = jobId;
  let baseId = jobId;
  if (arrayJob && task !== undefined) [id, baseId] = [`${arrayJob}_${task}`, String(arrayJob)];
  else if (hetJob && hetOffset !== undefined) [id, baseId] = [`${hetJob}+${hetOffset}`, String(hetJob)];
  const steps = Array.isArray(job.steps) ? (job.steps as Json[]) : [];
  const oom = steps.some((s) => first((s.state as unknown) ?? '') === 'OUT_OF_MEMORY');
  const record: JobRecord = { id, baseId, state: status.state, rawState, exitCode: status.exitCode, signal: status.signal };
  if (oom && (record.state === 'completed' || record.state === 'failed')) Object.assign(record, { state: 'failed', reason: 'out_of_memory' });
  const time = (job.time ?? {}) as Json;
  assignDefined(record, {
    arrayIndex: arrayJob && task !== undefined ? String(task) : undefined,
    reason: record.reason ?? status.reason,
    pendingReason: status.state === 'pending' || status.state === 'held' ? (reason !== 'None' ? reason : undefined) : undefined,
    name: job.name as string | undefined,
    user: (job.user ?? job.user_name) as string | undefined,
    partition: job.partition as string | undefined,
    nodes: typeof job.nodes === 'string' ? expandNodeList(job.nodes) : undefined,
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
  if (!Array.isArray(data.jobs)) throw new ParseError('Slurm JSON without a "jobs" list', text);
  return (data.jobs as Json[]).map((job) => toRecord(job, text));
}
