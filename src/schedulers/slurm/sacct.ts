/**
 * parseSacct: sacct output (`-P`/`--parsable2`, `--parsable` with its trailing `|`, any
 * delimiter, or the aligned table with its `----` ruler), steps folded into their job.
 */
import type { JobRecord } from '../../types.js';
import { isJson, parseSlurmJson } from './slurm-json.js';
import { isFinal } from '../../core/states.js';
import { nodeBudget } from '../job-id.js';
import { slurmRowToRecord, slurmRows, type SlurmRow } from './slurm-rows.js';
import { slurmLongState } from './slurm-states.js';

/** Columns hpcq asks sacct for (`--format`); any other set with a header parses too. */
export const SACCT_FIELDS = 'JobID,JobName,User,Partition,State,ExitCode,Reason,NodeList,NNodes,AllocCPUS,Submit,Start,End';

/**
 * Accounting closes each attempt of a requeued job with a REQUEUED record and opens a new
 * one under the same id: that record is history, never the job now, while any other exists.
 */
function isEarlierAttempt(record: JobRecord): boolean {
  return slurmLongState(record.rawState) === 'REQUEUED';
}

/** Whether `next` (listed after `prev`, same id) describes the job better than `prev`. */
function supersedes(prev: JobRecord, next: JobRecord): boolean {
  if (isEarlierAttempt(prev) !== isEarlierAttempt(next)) return isEarlierAttempt(prev);
  return isFinal(prev.state) || !isFinal(next.state);
}

/** One record per id: the attempt still alive, else the newest; never a REQUEUED one if another exists. */
function dedupe(records: JobRecord[]): JobRecord[] {
  const byId = new Map<string, JobRecord>();
  for (const r of records) {
    const prev = byId.get(r.id);
    if (!prev || supersedes(prev, r)) byId.set(r.id, r);
  }
  return [...byId.values()];
}

interface Group {
  jobs: SlurmRow[];
  steps: SlurmRow[];
}

/**
 * Choose the job's own row. With `--duplicates` a requeued job has several rows under one
 * id: REQUEUED rows are earlier attempts; of the others, the one still alive is the job
 * now, else the last (newest) one.
 */
function mainRow(group: Group): SlurmRow | undefined {
  const current = group.jobs.filter((r) => !isEarlierAttempt(r.record));
  const rows = current.length ? current : group.jobs;
  const alive = rows.filter((r) => !isFinal(r.record.state));
  return alive[alive.length - 1] ?? rows[rows.length - 1];
}

/**
 * Fold steps into the job. OUT_OF_MEMORY is reported on the step that hit the limit in
 * some Slurm versions while the job row says COMPLETED or FAILED, so a `.batch` or numbered
 * step's OOM wins. The `.extern` step is ignored: it accounts memory of the whole allocation.
 */
function fold(group: Group): JobRecord | undefined {
  const main = mainRow(group);
  const steps = group.steps.filter((s) => s.split.step !== 'extern');
  if (!main) {
    const batch = steps.find((s) => s.split.step === 'batch') ?? steps[0];
    return batch && { ...batch.record, rawState: batch.record.rawState };
  }
  const record = { ...main.record };
  if (!isFinal(record.state)) return record;
  const oom = steps.find((s) => s.record.reason === 'out_of_memory');
  if (oom && (record.state === 'completed' || record.state === 'failed') && record.reason !== 'out_of_memory') {
    record.state = 'failed';
    record.reason = 'out_of_memory';
  }
  // A cancelled or timed-out job's own row often reads 0:0 while its batch step names the signal;
  // take the step's exit code too (128+N), as scontrol's `ExitCode=0:15` for the same job gives.
  const batch = steps.find((s) => s.split.step === 'batch');
  if (record.signal === null && batch?.record.signal != null && record.state !== 'completed') {
    record.signal = batch.record.signal;
    record.exitCode ??= batch.record.exitCode;
  }
  return record;
}

/**
 * Parse sacct output into one record per job (array tasks and het components are jobs of
 * their own; `.batch`, `.extern`, `.0` steps are folded). Throws ParseError when malformed.
 */
export function parseSacct(text: string): JobRecord[] {
  if (isJson(text)) return dedupe(parseSlurmJson(text));
  const groups = new Map<string, Group>();
  const budget = nodeBudget(text);
  for (const row of slurmRows(text, 'sacct')) {
    const parsed = slurmRowToRecord(row, text, 'sacct', budget);
    const group = groups.get(parsed.split.id) ?? { jobs: [], steps: [] };
    (parsed.split.step === undefined ? group.jobs : group.steps).push(parsed);
    groups.set(parsed.split.id, group);
  }
  return [...groups.values()].map(fold).filter((r): r is JobRecord => r !== undefined);
}
