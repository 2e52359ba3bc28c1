/** Small helpers for tests that drive the Slurm testbed directly with sbatch. */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TESTBED_DIR } from './cluster.js';

/** An sbatch wrapper that remembers what it submitted, so a test can cancel it all. */
export function createSbatch(jobName: string): {
  sbatch(wrap: string, ...flags: string[]): string;
  /** Remember ids submitted some other way. */
  remember(...ids: string[]): void;
  cancelAll(): void;
} {
  const submitted: string[] = [];
  return {
    sbatch(wrap, ...flags) {
      const out = execFileSync('sbatch', ['--parsable', '-o', '/dev/null', '-J', jobName, ...flags, '--wrap', wrap], { encoding: 'utf8' });
      const id = out.trim().split(';')[0]!;
      submitted.push(id);
      return id;
    },
    remember(...ids) {
      submitted.push(...ids);
    },
    cancelAll() {
      // Jobs that already ended make scancel exit non-zero: nothing to clean then.
      if (submitted.length) spawnSync('scancel', submitted, { stdio: 'ignore' });
    },
  };
}

/** Resolve once `done()` holds (checked every 200 ms), or reject after `ms`. */
export async function until(done: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A command that writes an hpcq status file (src/core/status-file.ts format) around `body`. */
export function withStatus(file: string, body: string): string {
  return `echo start=$(date +%s) > ${file}; ${body}; rc=$?; echo exit=$rc >> ${file}; echo end=$(date +%s.%N) >> ${file}; exit $rc`;
}

/** `scripts/testbed.sh up` (restarts what is down), tried again once if a daemon was slow to go. */
export function restartTestbed(): void {
  const script = join(import.meta.dirname, '..', '..', 'scripts', 'testbed.sh');
  let last = spawnSync('bash', [script, 'up'], { encoding: 'utf8', timeout: 120_000 });
  if (last.status !== 0) last = spawnSync('bash', [script, 'up'], { encoding: 'utf8', timeout: 120_000 });
  if (last.status !== 0) throw new Error(`scripts/testbed.sh up failed:\n${last.stdout}\n${last.stderr}`);
}

/** Stop a testbed daemon (`slurmctld`, `slurmdbd`) and wait until it is gone (else `testbed.sh up` takes it for running). */
export async function stopDaemon(name: string): Promise<void> {
  const pidFile = [join(TESTBED_DIR, 'pids', `${name}.pid`), join(TESTBED_DIR, `${name}.pid`)].find((f) => existsSync(f));
  if (!pidFile) throw new Error(`no pid file of ${name} in ${TESTBED_DIR}`);
  const pid = readFileSync(pidFile, 'utf8').trim();
  execFileSync('kill', [pid]);
  await until(() => spawnSync('kill', ['-0', pid]).status !== 0, 60_000);
}

/** A job's state as slurmctld holds it now (`scontrol show job`), '' once Slurm forgot it. */
export function slurmState(id: string): string {
  const shown = spawnSync('scontrol', ['show', 'job', '-o', id], { encoding: 'utf8' });
  return /JobState=(\w+)/.exec(shown.stdout ?? '')?.[1] ?? '';
}

/**
 * The job's state once it has left COMPLETING: by then every process of the job is gone, so
 * nothing of it writes into a test's folder any more (scontrol answers from slurmctld; sacct may
 * lag behind slurmdbd). The test's own timeout bounds the wait.
 */
export async function endedState(id: string): Promise<string> {
  for (;;) {
    const state = slurmState(id);
    if (!['PENDING', 'RUNNING', 'COMPLETING', 'CONFIGURING', 'SUSPENDED'].includes(state)) return state;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Cancel jobs and wait until each one's processes are gone (a test's afterEach may then remove its folder). */
export async function cancelAndSettle(ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  spawnSync('scancel', ids, { stdio: 'ignore' });
  await Promise.all(ids.map(endedState));
}
