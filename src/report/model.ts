/**
 * What a run report shows, gathered from a filedir: one entry per ledger record (a submission),
 * with its timing and outcome read from the job's status file (see src/core/status-file.ts) and,
 * for a function job, the error its runner wrote. Nothing here asks a scheduler: the report is
 * built from files, so it works for any back-end and after the scheduler has forgotten the jobs.
 */
import { satisfies } from '../core/dependencies.js';
import { parseOutput } from '../job/payload.js';
import { parseStatusFile, type JobStatus } from '../core/status-file.js';
import { listRecords, type LedgerRecord } from '../ledger/index.js';
import { settledFromStatus } from '../ledger/settled.js';
import type { DependencyKind } from '../schedulers/backend.js';
import type { JobState, StateReason } from '../types.js';
import type { Host } from '../util/host.js';

/** A job's outcome as the report colours it: a final state, or where it stands. */
export type Outcome = JobState | 'not_started';

/** An output file of a job, if it exists. */
export interface ReportFile {
  path: string;
  size: number;
}

/** One job (one submission) of the report. */
export interface ReportJob {
  /** Index in the report (stable element ids). */
  index: number;
  record: LedgerRecord;
  submitTime: Date;
  startTime?: Date;
  endTime?: Date;
  outcome: Outcome;
  reason?: StateReason;
  exitCode: number | null;
  signal: number | null;
  node?: string;
  /** The error a failed function job raised (name: message). */
  error?: string;
  out?: ReportFile;
  err?: ReportFile;
  /** Indexes of the jobs this one depended on, with the kind. */
  parents: Array<{ index: number; kind: DependencyKind }>;
}

/** Outcome, reason and exit code from a status file (absent: the job never started, or not yet). */
function fromStatus(status: JobStatus | undefined): Pick<ReportJob, 'outcome' | 'reason' | 'exitCode' | 'signal'> {
  if (!status || !status.startTime) return { outcome: 'not_started', exitCode: null, signal: null };
  const end = settledFromStatus(status);
  if (!end) return { outcome: 'running', exitCode: status.exitCode, signal: status.signal };
  return { outcome: end.state, ...(end.reason ? { reason: end.reason } : {}), exitCode: end.exitCode, signal: status.signal };
}

async function fileFacts(host: Host, path: string): Promise<ReportFile | undefined> {
  if (!path) return undefined;
  const st = await host.stat(path).catch(() => undefined);
  return st ? { path, size: st.size } : undefined;
}

async function functionError(host: Host, record: LedgerRecord): Promise<string | undefined> {
  const text = record.files.funcOutput ? await host.readFile(record.files.funcOutput).catch(() => undefined) : undefined;
  if (text === undefined) return undefined;
  try {
    const outcome = parseOutput(text);
    return outcome.ok ? undefined : `${outcome.error.name}: ${outcome.error.message}`;
  } catch {
    return undefined;
  }
}

async function describe(host: Host, record: LedgerRecord, index: number): Promise<ReportJob> {
  const statusText = record.files.status ? await host.readFile(record.files.status).catch(() => undefined) : undefined;
  const status = statusText === undefined ? undefined : parseStatusFile(statusText);
  const [out, err, error] = await Promise.all([fileFacts(host, record.files.out), fileFacts(host, record.files.err), functionError(host, record)]);
  return {
    index, record, submitTime: new Date(record.submitTime), ...fromStatus(status),
    ...(status?.startTime ? { startTime: status.startTime } : {}),
    ...(status?.endTime ? { endTime: status.endTime } : {}),
    ...(status?.host ? { node: status.host } : {}),
    ...(error ? { error } : {}), ...(out ? { out } : {}), ...(err ? { err } : {}),
    parents: [],
  };
}

/** Link each job to the jobs it depended on: by scheduler id, else by submission key (latest earlier submission). */
function linkParents(jobs: ReportJob[]): void {
  for (const job of jobs) {
    for (const dep of job.record.depends) {
      const earlier = jobs.slice(0, job.index).reverse();
      const parent = (dep.id !== undefined ? earlier.find((j) => j.record.id === dep.id && j.record.host === job.record.host) : undefined) ?? earlier.find((j) => j.record.key === dep.key);
      if (parent) job.parents.push({ index: parent.index, kind: dep.kind });
    }
  }
}

/**
 * A job that never started although its dependencies ended in a way that can never satisfy
 * them was cancelled by the scheduler (or never submitted): say so instead of "not started".
 */
function inferNeverSatisfied(jobs: ReportJob[]): void {
  for (const job of jobs) {
    if (job.outcome !== 'not_started') continue;
    const never = job.parents.some((p) => {
      const parent = jobs[p.index]!;
      return parent.outcome !== 'not_started' && satisfies(p.kind, parent.outcome) === false;
    });
    if (never) Object.assign(job, { outcome: 'cancelled', reason: 'dependency_never_satisfied' });
  }
}

/** What a live Job (or a scheduler record) knows of a job's end, which its status file cannot say (timeout, OOM, ...). */
export interface KnownJob {
  readonly id?: string | undefined;
  readonly qtype: string;
  readonly state: JobState;
  readonly reason?: StateReason | undefined;
  readonly exitCode: number | null;
}

/** Take the state and reason of a job the caller knows (a Job of this process), over what the files say. */
function applyKnown(job: ReportJob, known: KnownJob | undefined): void {
  // A Job not refreshed since it was submitted says 'pending': the files know better then.
  if (!known || (known.state === 'pending' && job.outcome !== 'not_started')) return;
  job.outcome = known.state;
  if (known.reason) job.reason = known.reason;
  else delete job.reason;
  if (known.exitCode !== null) job.exitCode = known.exitCode;
}

/**
 * Every job recorded in a filedir's ledger, oldest submission first, with outcomes and links.
 * `known` jobs (e.g. the Job objects of this process) lend their state and reason.
 */
export async function collectReport(host: Host, filedir: string, known: readonly KnownJob[] = []): Promise<ReportJob[]> {
  const records = (await listRecords(host, filedir)).filter((r) => r.phase === 'submitted');
  const jobs = await Promise.all(records.map((r, i) => describe(host, r, i)));
  const byId = new Map(known.filter((k) => k.id !== undefined).map((k) => [`${k.qtype}:${k.id}`, k]));
  for (const job of jobs) applyKnown(job, byId.get(`${job.record.qtype}:${job.record.id}`));
  linkParents(jobs);
  inferNeverSatisfied(jobs);
  return jobs;
}
