/**
 * The figures of the crash-and-rerun fault test, counted from the scheduler's own truth (Slurm's
 * accounting, or a local pool's status files), never from what hpcq says of itself.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseStatusFile } from '../../src/core/status-file.js';

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

/** A local pool's truth: one status file per run of a job (`<name>[.<n>].cluster.status`, n counting reruns). */
export function statusTruth(filedir: string, tag: string): Truth {
  const runs: { short: string; n: number; sub: Submission }[] = [];
  for (const file of readdirSync(filedir).filter((f) => f.startsWith(`${tag}-`) && f.endsWith('.cluster.status'))) {
    const stem = file.slice(tag.length + 1, -'.cluster.status'.length);
    const [, short, n] = /^(.*?)(?:\.(\d+))?$/.exec(stem)!;
    const status = parseStatusFile(readFileSync(join(filedir, file), 'utf8'));
    // A run whose end was never written was cut short with the process that ran it.
    const state = !status.finished ? 'INTERRUPTED' : status.reason ? 'CANCELLED' : status.exitCode === 0 ? 'COMPLETED' : 'FAILED';
    runs.push({ short: short!, n: Number(n ?? 0), sub: { id: status.jobId ?? file, state } });
  }
  const truth: Truth = new Map();
  for (const r of runs.sort((a, b) => a.n - b.n)) truth.set(r.short, [...(truth.get(r.short) ?? []), r.sub]);
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
  /** Jobs that failed (or were cancelled behind a failed one) before the rerun, and that it submitted again. */
  resubmittedFailed: number;
  /** Jobs whose run was cut short by the kill (a local pool's), and that the rerun submitted again. */
  resubmittedInterrupted: number;
}

/**
 * Count the figures. `before` holds how each submission of the killed run ended: a job that
 * did not complete there may be submitted once more by the rerun; any other submission beyond
 * one per job is a duplicate.
 */
export function crashFigures(names: string[], before: Truth, after: Truth): CrashFigures {
  const f: CrashFigures = { submitted: 0, finished: 0, lost: 0, duplicated: 0, resubmittedFailed: 0, resubmittedInterrupted: 0 };
  for (const name of names) {
    const runs = after.get(name) ?? [];
    f.submitted += runs.length;
    if (runs.at(-1)?.state === 'COMPLETED') f.finished++;
    const first = before.get(name)?.at(-1)?.state;
    const rerunnable = first !== undefined && first !== 'COMPLETED';
    if (rerunnable && runs.length > 1) f[first === 'INTERRUPTED' ? 'resubmittedInterrupted' : 'resubmittedFailed']++;
    f.duplicated += Math.max(0, runs.length - (rerunnable ? 2 : 1));
  }
  return { ...f, lost: names.length - f.finished };
}

/** The figures as one line for the test output. */
export function formatFigures(label: string, f: CrashFigures): string {
  const cut = f.resubmittedInterrupted ? `, resubmitted-interrupted ${f.resubmittedInterrupted}` : '';
  return `${label}: submitted ${f.submitted}, finished ${f.finished}, lost ${f.lost}, duplicated ${f.duplicated}, resubmitted-failed ${f.resubmittedFailed}${cut}`;
}
