/**
 * The resolver: one pass over every tracked job, asking the sources in order
 * squeue → sacct → `scontrol show job` → the wrapper's status file, with at most one
 * queue command and one history command for all jobs together (plus one scontrol for a job
 * no listing knows, past its grace window, unless its finished status file already answers). A job missing from every
 * source is never called completed: after grace windows it becomes unknown / vanished.
 */
import type { JobStatus } from '../core/status-file.js';
import { recordFromStatus, withStatus } from '../core/status-file.js';
import { isFinal } from '../core/states.js';
import type { BatchBackend } from '../schedulers/backend.js';
import type { CommandRunner } from '../schedulers/command-runner.js';
import type { JobRecord } from '../types.js';
import type { RunResult } from '../util/host.js';
import { createLogger } from '../util/log.js';
import { matchRecord, matchTracked, settle } from './merge.js';

const log = createLogger('queue');

/** What the poller knows about one tracked job. */
export interface TrackedJob {
  id: string;
  statusFile?: string;
  /** When tracking began (ms): a just-submitted job may not be visible yet. */
  since: number;
  record?: JobRecord;
  status?: JobStatus;
  /** First time no source knew the job (ms). */
  missingSince?: number;
  /** First time the queue showed the job ended while accounting had no end for it yet (ms). */
  endUnaccountedSince?: number;
}

/** Timing and limits of the resolver (milliseconds). */
export interface ResolveLimits {
  /** How long a just-submitted job may be invisible before hpcq looks further. */
  submitGraceMs: number;
  /** How long to wait for a status file after the scheduler forgot the job. */
  statusGraceMs: number;
  /** How long to wait for accounting to write the end (and exit code) of a job the queue shows ended. */
  historyGraceMs: number;
  /** Above this many ids, squeue lists the user's jobs instead of naming every id. */
  maxIdFilter: number;
  /** Timeout of each command of a pass (read on every pass: the config may change). */
  pollTimeoutMs(): number;
}

/** A scheduler command that failed; the poller counts these and gives up past a threshold. */
export interface CommandFailure {
  result: RunResult;
  transient: boolean;
}

/** Shared state of one poller's resolver. */
export interface ResolveContext {
  /** The back-end's variant for this host. */
  backend: BatchBackend;
  runner: CommandRunner;
  user: string | undefined;
  limits: ResolveLimits;
  stats: { commands: number };
  /** Accounting is off or unreachable until this time (ms); sacct is not asked before. */
  historyOffUntil: number;
  readStatus(job: TrackedJob): Promise<JobStatus | undefined>;
}

async function run(ctx: ResolveContext, argv: string[]): Promise<RunResult & { usable: boolean; transient: boolean }> {
  ctx.stats.commands++;
  const { backend } = ctx;
  // "No such job" is an empty answer, not a failure; so is Torque's silent exit 153 on an empty queue.
  const accept = (r: RunResult): boolean => backend.messages.noSuchJob.test(r.stderr) || (backend.emptyListing?.(r) ?? false);
  const { result, ok, transient } = await ctx.runner.attempt(argv, { accept, timeoutMs: ctx.limits.pollTimeoutMs() });
  return { ...result, usable: ok, transient };
}

/** squeue (or qstat) for the live jobs. Undefined with a failure when the command failed. */
async function readQueue(ctx: ResolveContext, ids: string[], everyJob: boolean): Promise<{ records?: JobRecord[]; failure?: CommandFailure }> {
  const filterIds = !everyJob && ids.length <= ctx.limits.maxIdFilter ? ids : undefined;
  const { usable, transient, ...result } = await run(ctx, ctx.backend.queueCommand({ ...(ctx.user ? { user: ctx.user } : {}), ...(filterIds ? { ids: filterIds } : {}) }));
  if (!usable) return { failure: { result, transient } };
  const records = parsed(() => ctx.backend.parseQueue(result.stdout));
  // Output hpcq cannot read counts as a failed command: waiters get a QueueError, not a hang.
  if (records instanceof Error) return { failure: { result: { ...result, stderr: `${result.stderr}hpcq cannot read this output: ${records.message}` }, transient: false } };
  return { records };
}

/** Run a parser; a ParseError (or any other) comes back as the value, to be handled by the caller. */
function parsed<T>(parse: () => T): T | Error {
  try {
    return parse();
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

/** sacct for jobs that left the queue or ended there; undefined when accounting is unavailable. */
async function readHistory(ctx: ResolveContext, ids: string[], now: number): Promise<JobRecord[] | undefined> {
  const { backend } = ctx;
  if (!backend.historyCommand || !backend.parseHistory || ids.length === 0 || now < ctx.historyOffUntil) return undefined;
  const result = await run(ctx, backend.historyCommand(ids));
  const records = result.usable ? parsed(() => backend.parseHistory!(result.stdout)) : undefined;
  if (records instanceof Error) log.debug(`cannot read sacct output, using the queue and status files: ${records.message}`);
  else if (records) return records;
  const why = result.stderr.trim().split('\n')[0] ?? '';
  // Disabled accounting stays disabled; an unreachable database is tried again a minute later.
  ctx.historyOffUntil = now + (/disabled|not found/i.test(why) ? 3_600_000 : 60_000);
  if (backend.messages.noHistory?.test(result.stderr)) log.debug(`accounting unavailable, using the queue and status files: ${why}`);
  else log.debug(`${result.command.join(' ')} failed (${result.exitCode}): ${why}`);
  return undefined;
}

/** `scontrol show job` for one job no listing knew; undefined when it knows nothing either. */
async function readDetail(ctx: ResolveContext, id: string): Promise<JobRecord | undefined> {
  const { backend } = ctx;
  if (!backend.detailCommand || !backend.parseDetail) return undefined;
  const result = await run(ctx, backend.detailCommand(id));
  if (!result.usable) return undefined;
  const records = parsed(() => backend.parseDetail!(result.stdout));
  if (records instanceof Error) return undefined;
  return matchRecord(records, id, backend.ids.split) ?? (records.length === 1 ? { ...records[0]!, id } : undefined);
}

/**
 * The final record of a job that left the live listing (or ended in it): accounting wins
 * when it agrees the job ended; a lagging accounting record that still says running loses
 * to the queue's final state; the status file fills in a missing exit status.
 */
function combine(queued: JobRecord | undefined, history: JobRecord | undefined, status: JobStatus | undefined): JobRecord | undefined {
  const best = history && isFinal(history.state) ? history : queued && isFinal(queued.state) ? queued : (history ?? queued);
  // A listing that cannot tell how the job ended (Torque wrapper's C) yields to a finished status file.
  if (best?.state === 'unknown' && status?.finished) return recordFromStatus(best.id, status);
  return best && withStatus(best, status);
}

/** What one resolver pass found. */
export interface ResolveResult {
  /** The new record of every job it learned something about. */
  updates: Map<string, JobRecord>;
  /** The queue command failed (then nothing else was asked). */
  failure?: CommandFailure;
  /** With `everyJob`: the user's whole listing (for waitForRoom). */
  listing?: JobRecord[];
}

/**
 * One resolver pass over `jobs`. With `everyJob` the queue command lists every job of the user
 * (no id filter), so the same call also tells how full the queue is.
 */
export async function resolveOnce(ctx: ResolveContext, jobs: TrackedJob[], now: number, opts: { everyJob?: boolean } = {}): Promise<ResolveResult> {
  const updates = new Map<string, JobRecord>();
  if (jobs.length === 0 && !opts.everyJob) return { updates };
  const queue = await readQueue(ctx, jobs.map((j) => j.id), opts.everyJob ?? false);
  if (!queue.records) return { updates, ...(queue.failure ? { failure: queue.failure } : {}) };
  const listing = opts.everyJob ? queue.records : undefined;
  const left: TrackedJob[] = [];
  const queued = new Map<string, JobRecord>();
  const named = new Set(queue.records.map((r) => r.id));
  for (const job of jobs) {
    const record = matchTracked(queue.records, named, job.id, job.status, ctx.backend.ids.split);
    if (record) queued.set(job.id, record);
    if (record && !isFinal(record.state)) updates.set(job.id, settle(record, ctx.backend.messages.neverSatisfiable));
    else left.push(job);
  }
  const history = await readHistory(ctx, left.map((j) => j.id), now);
  let detailAsked = false;
  for (const job of left) {
    const status = job.status ?? (job.statusFile ? await ctx.readStatus(job) : undefined);
    const accounted = history && matchRecord(history, job.id, ctx.backend.ids.split);
    let record = combine(queued.get(job.id), accounted, status);
    // The queue shows the end before accounting has written it (slurmdbd lags under load), and
    // the queue's record has no exit code: ask accounting again on the next passes, for a while,
    // rather than settle a failed job without its exit code.
    if (record && isFinal(record.state) && record.exitCode === null && history !== undefined && !(accounted && isFinal(accounted.state))) {
      job.endUnaccountedSince ??= now;
      if (now - job.endUnaccountedSince < ctx.limits.historyGraceMs) continue;
    }
    // Not in the queue nor accounting: give a just-submitted job time to appear.
    if (!record && now - job.since < ctx.limits.submitGraceMs) continue;
    // A finished status file answers at once; otherwise ask scontrol, for one job per pass.
    record ??= status && recordFromStatus(job.id, status);
    if (!record && !detailAsked) {
      detailAsked = true;
      record = await readDetail(ctx, job.id);
    }
    if (record) {
      job.missingSince = undefined;
      updates.set(job.id, settle(record, ctx.backend.messages.neverSatisfiable));
      continue;
    }
    job.missingSince ??= now;
    // A shared filesystem may show the status file late: wait before calling the job vanished.
    if (now - job.missingSince >= ctx.limits.statusGraceMs) {
      updates.set(job.id, { id: job.id, baseId: job.id, state: 'unknown', reason: 'vanished', rawState: '', exitCode: null, signal: null });
    }
  }
  return { updates, ...(listing ? { listing } : {}) };
}
