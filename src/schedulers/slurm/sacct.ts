/**
 * parseSacct: sacct output (`-P`/`--parsable2`, `--parsable` with its trailing `|`, any
 * delimiter, or the aligned table with its `----` ruler), steps folded into their job.
 */
import type { JobRecord } from '../../types.js';
import { isJson, parseSlurmJson } from './slurm-json.js';
import { isFinal } from '../../core/states.js';
import { eachSlurmRow, type SlurmHead } from './slurm-rows.js';
import { slurmLongState, type ExitInfo } from './slurm-states.js';

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

/**
 * What the rows of one id leave for folding, gathered as they are read: a step row is reduced
 * to the facts folding reads, so most of them never become a record.
 */
interface Group {
  /** The last job row that is not an earlier attempt, and the last of those still alive. */
  current: JobRecord | undefined;
  currentAlive: JobRecord | undefined;
  /** The same over every job row (what counts when all of them are earlier attempts). */
  any: JobRecord | undefined;
  anyAlive: JobRecord | undefined;
  /** A `.batch` or numbered step (not `.extern`) hit the memory limit. */
  oom: boolean;
  /** The first `.batch` step's exit facts. */
  batch: ExitInfo | undefined;
  /** The record that stands for a job whose own row is missing: its first `.batch` step, else its first other step. */
  batchRecord: JobRecord | undefined;
  firstStep: JobRecord | undefined;
}

const newGroup = (): Group => ({
  current: undefined,
  currentAlive: undefined,
  any: undefined,
  anyAlive: undefined,
  oom: false,
  batch: undefined,
  batchRecord: undefined,
  firstStep: undefined,
});

/**
 * Add a job row. With `--duplicates` a requeued job has several rows under one id: REQUEUED
 * rows are earlier attempts; of the others, the one still alive is the job now, else the last
 * (newest) one.
 */
function addJobRow(group: Group, head: SlurmHead, record: JobRecord): void {
  const alive = !isFinal(head.status.state);
  if (slurmLongState(head.rawState) !== 'REQUEUED') {
    group.current = record;
    if (alive) group.currentAlive = record;
  }
  group.any = record;
  if (alive) group.anyAlive = record;
}

/** Add a step row; `.extern` is ignored: it accounts memory of the whole allocation. */
function addStepRow(group: Group, { split, status }: SlurmHead, record: () => JobRecord): void {
  if (split.step === 'extern') return;
  if (status.reason === 'out_of_memory') group.oom = true;
  const isBatch = split.step === 'batch';
  if (isBatch && !group.batch) group.batch = status;
  // Only a job without its own row (so far) needs a step's whole record.
  if (group.any) return;
  if (isBatch) group.batchRecord ??= record();
  else group.firstStep ??= record();
}

/**
 * Fold steps into the job. OUT_OF_MEMORY is reported on the step that hit the limit in
 * some Slurm versions while the job row says COMPLETED or FAILED, so a `.batch` or numbered
 * step's OOM wins.
 */
function fold(group: Group): JobRecord | undefined {
  const record = group.current ? (group.currentAlive ?? group.current) : (group.anyAlive ?? group.any);
  if (!record) return group.batchRecord ?? group.firstStep;
  if (!isFinal(record.state)) return record;
  if (group.oom && (record.state === 'completed' || record.state === 'failed') && record.reason !== 'out_of_memory') {
    record.state = 'failed';
    record.reason = 'out_of_memory';
  }
  // A cancelled or timed-out job's own row often reads 0:0 while its batch step names the signal;
  // take the step's exit code too (128+N), as scontrol's `ExitCode=0:15` for the same job gives.
  const batch = group.batch;
  if (record.signal === null && batch?.signal != null && record.state !== 'completed') {
    record.signal = batch.signal;
    record.exitCode ??= batch.exitCode;
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
  // A job's steps follow its row: most rows belong to the group of the row before.
  let lastId: string | undefined;
  let group: Group | undefined;
  eachSlurmRow(text, 'sacct', (head, record) => {
    const id = head.split.id;
    if (id !== lastId) {
      lastId = id;
      group = groups.get(id);
      if (!group) groups.set(id, (group = newGroup()));
    }
    if (head.split.step === undefined) addJobRow(group!, head, record());
    else addStepRow(group!, head, record);
  });
  const records: JobRecord[] = [];
  for (const group of groups.values()) {
    const record = fold(group);
    if (record) records.push(record);
  }
  return records;
}
