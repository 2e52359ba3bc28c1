/**
 * Local workers killed under running jobs: the runner's launcher (the Perl process that forks
 * command jobs) SIGKILLed with two jobs running, and a function job's worker thread dying
 * (process.exit inside it). Every job ends in a typed final state within seconds, nothing
 * hangs, and jobs submitted afterwards still run.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFinal } from '../../src/core/states.js';
import { submit, wait } from '../../src/index.js';
import { useFileTempConfig } from '../helpers/temp-config.js';
import { until } from '../helpers/slurm-jobs.js';

useFileTempConfig('hpcq-worker-killed-');
let filedir = '';

/** Pids of this process's launcher (a `perl -e` child). */
function launchers(): number[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out.split('\n').filter((l) => /\bperl -e\b/.test(l)).map((l) => Number(l.trim().split(/\s+/)[0]));
}

describe('local workers killed mid-job', () => {
  beforeAll(async () => {
    filedir = await mkdtemp(join(tmpdir(), 'hpcq-worker-killed-'));
  });
  afterAll(async () => {
    await rm(filedir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('the launcher SIGKILLed with two jobs running: both end typed within seconds, later jobs run', async () => {
    const jobs = [await submit('sleep 30', { qtype: 'local', filedir, name: 'long1' }), await submit('sleep 30', { qtype: 'local', filedir, name: 'long2' })];
    await until(() => jobs.every((j) => j.state === 'running') && launchers().length > 0, 10_000).catch(() => undefined);
    await Promise.all(jobs.map((j) => j.update()));
    const pids = launchers();
    expect(pids.length).toBe(1);
    const t0 = Date.now();
    process.kill(pids[0]!, 'SIGKILL');
    await wait(jobs, { timeout: 15_000 });
    const took = Date.now() - t0;
    const after = await submit('echo still-works', { qtype: 'local', filedir, name: 'after' });
    await after.wait({ timeout: 15_000 });
    process.stdout.write(`launcher killed: ${jobs.map((j) => `${j.name} ${j.state}/${j.reason ?? '-'}`).join(', ')}; ended ${took} ms after the kill; next job ${after.state}\n`);
    for (const j of jobs) {
      expect(isFinal(j.state), j.name).toBe(true);
      expect(j.state, j.name).not.toBe('completed');
    }
    expect(took).toBeLessThan(10_000);
    expect(after.state).toBe('completed');
    expect(after.stdout).toBe('still-works\n');
  }, 60_000);

  it('a function whose worker thread dies (process.exit) fails typed; its neighbour completes', async () => {
    const dies = await submit(() => process.exit(7), { qtype: 'local', filedir, name: 'dies' });
    const lives = await submit((n: number) => n * 2, { qtype: 'local', filedir, name: 'lives', args: [21] });
    await wait([dies, lives], { timeout: 30_000 });
    process.stdout.write(`worker exit: dies ${dies.state}/${dies.reason ?? '-'} exit ${dies.exitCode}; lives ${lives.state}\n`);
    expect(dies.state).toBe('failed');
    expect(lives.state).toBe('completed');
    expect((await lives.get()).result).toBe(42);
  }, 60_000);
});
