/**
 * The figures of the crash-and-rerun fault test, counted from the scheduler's own truth (Slurm's
 * accounting, or a local pool's status files), never from what hpcq says of itself.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseStatusFile } from '../../src/core/status-file.js';
import { FLAKY_FAMILY } from './crash-workflow.js';

/** One submission the scheduler knows: its id and its state word ('COMPLETED', 'FAILED', ...). */
export interface Submission {
  id: string;
  state: string;
}

/** Every submission of the workflow's jobs, by job name without the tag, oldest first. */
export type Truth = Map<string, Submission[]>;

/** Slurm's accounting of the jobs named `<tag>-...` (one row per job, steps left out). */
export function slurmTruth(tag: string): Truth {
  const out = spawnSync('sacct', ['-X', '-n', '-P', '-o', 'JobID,JobName%80,State', '-S', 'now-3hours'], { encoding: 'utf8', timeout: 30_000 }).stdout ?? '';
  const truth: Truth = new Map();
  const rows = out.split('\n').map((l) => l.trim().split('|')).filter((r) => r.length >= 3 && r[1]!.startsWith(`${tag}-`));
  rows.sort((a, b) => Number(a[0]) - Number(b[0]));
  for (const [id, name, state] of rows) {
    const short = name!.slice(tag.length + 1);
    truth.set(short, [...(truth.get(short) ?? []), { id: id!, state: state!.split(' ')[0]! }]);
  }
  return truth;
}

/** A local pool's truth: one status file per run of a job (`<name>[.<n>].cluster.status`). */
export function statusTruth(filedir: string, tag: string): Truth {
  const truth: Truth = new Map();
  for (const file of readdirSync(filedir).filter((f) => f.startsWith(`${tag}-`) && f.endsWith('.cluster.status')).sort()) {
    const short = file.slice(tag.length + 1, -'.cluster.status'.length).replace(/\.\d+$/, '');
    const status = parseStatusFile(readFileSync(join(filedir, file), 'utf8'));
    const state = !status.finished ? 'ENDED_UNWRITTEN' : status.exitCode === 0 ? 'COMPLETED' : 'FAILED';
    truth.set(short, [...(truth.get(short) ?? []), { id: status.jobId ?? file, state }]);
  }
  return truth;
}

/** The fault test's figures. */
export interface CrashFigures {
  /** Submissions the scheduler accepted, in all runs. */
  submitted: number;
  /** Jobs whose latest submission completed. */
  finished: number;
  /** Jobs of the graph that did not complete (or never reached the scheduler). */
  lost: number;
  /** Submissions beyond one per job, other than the reruns of the failed job and its dependents. */
  duplicated: number;
  /** Jobs of the failed family that the rerun submitted again. */
  resubmittedFailed: number;
}

/**
 * Count the figures. `before` is the truth right after the kill: jobs of the flaky family that
 * it holds may run twice (the rerun must resubmit them); every other job once.
 */
export function crashFigures(names: string[], before: Truth, after: Truth, opts: { completed?: (s: Submission) => boolean } = {}): CrashFigures {
  const completed = opts.completed ?? ((s: Submission) => s.state === 'COMPLETED');
  let submitted = 0;
  let finished = 0;
  let duplicated = 0;
  let resubmittedFailed = 0;
  for (const name of names) {
    const runs = after.get(name) ?? [];
    submitted += runs.length;
    if (runs.length > 0 && completed(runs.at(-1)!)) finished++;
    const rerunnable = FLAKY_FAMILY.includes(name) && (before.get(name)?.length ?? 0) > 0;
    if (rerunnable && runs.length > 1) resubmittedFailed++;
    duplicated += Math.max(0, runs.length - (rerunnable ? 2 : 1));
  }
  return { submitted, finished, lost: names.length - finished, duplicated, resubmittedFailed };
}

/** The figures as one line for the test output. */
export function formatFigures(label: string, f: CrashFigures): string {
  return `${label}: submitted ${f.submitted}, finished ${f.finished}, lost ${f.lost}, duplicated ${f.duplicated}, resubmitted-failed ${f.resubmittedFailed}`;
}
