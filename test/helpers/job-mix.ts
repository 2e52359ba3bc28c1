/**
 * The 20-job mix of the fault tests: running, pending (a begin time), a dependency chain, and
 * a failing parent whose dependents can never run. Each job's expected ending is known, so a
 * test can count what finished right, what was lost and what was submitted twice.
 */
import { spawnSync } from 'node:child_process';
import type { Job } from '../../src/job/job.js';
import { submit, type SubmitOptions } from '../../src/index.js';

/** One job of the mix and how it must end. */
export interface MixJob {
  job: Job;
  want: { state: string; reason?: string };
}

/** Submit the mix (`tag` makes its job names unique to this run). */
export async function submitMix(tag: string, base: SubmitOptions, opts: { runFor?: number } = {}): Promise<MixJob[]> {
  const run = opts.runFor ?? 30;
  const mix: MixJob[] = [];
  const add = async (cmd: string, name: string, want: MixJob['want'], extra: SubmitOptions = {}): Promise<Job> => {
    const job = await submit(cmd, { ...base, name: `${tag}-${name}`, cores: 1, time: 10, ...extra });
    mix.push({ job, want });
    return job;
  };
  const done = { state: 'completed' };
  for (let i = 0; i < 5; i++) await add(`sleep ${run}; echo r${i}`, `run${i}`, done);
  // Pending until the begin time: still queued when the scheduler goes away.
  for (let i = 0; i < 5; i++) await add(`echo p${i}`, `pend${i}`, done, { begin: 'now+40' } as SubmitOptions);
  let prev: Job | undefined;
  for (let i = 0; i < 5; i++) prev = await add(`sleep 2; echo c${i}`, `chain${i}`, done, prev ? { depends: prev } : {});
  const parent = await add(`sleep ${Math.round(run / 2)}; exit 3`, 'parent', { state: 'failed', reason: 'nonzero_exit' });
  for (let i = 0; i < 4; i++) await add(`echo never${i}`, `orphan${i}`, { state: 'cancelled', reason: 'dependency_never_satisfied' }, { depends: parent });
  return mix;
}

/** How the mix ended: right (state and reason as wanted), lost (no ending, or a wrong one), duplicated. */
export interface MixFigures {
  submitted: number;
  finished: number;
  lost: number;
  duplicated: number;
  wrong: string[];
}

/** Count the mix's endings; duplicates are jobs with the same name in Slurm's accounting or queue. */
export function mixFigures(tag: string, mix: MixJob[]): MixFigures {
  const wrong = mix
    .filter(({ job, want }) => job.state !== want.state || (want.reason !== undefined && job.reason !== want.reason))
    .map(({ job, want }) => `${job.name}: ${job.state}/${job.reason ?? '-'} (wanted ${want.state}/${want.reason ?? '-'})`);
  return { submitted: mix.length, finished: mix.length - wrong.length, lost: wrong.length, duplicated: duplicatedJobs(tag), wrong };
}

/** Jobs named `<tag>-...` that Slurm's accounting holds more than once (a submit that ran twice). */
export function duplicatedJobs(tag: string): number {
  const names = spawnSync('sacct', ['-X', '-n', '-P', '-o', 'JobName%60', '-S', 'now-2hours'], { encoding: 'utf8' })
    .stdout.split('\n')
    .map((l) => l.trim())
    .filter((n) => n.startsWith(`${tag}-`));
  const seen = new Map<string, number>();
  for (const n of names) seen.set(n, (seen.get(n) ?? 0) + 1);
  return [...seen.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
}
