/**
 * Runs in the isolated phase (vitest.isolated.config.ts): slurmctld is stopped during a wait()
 * on 20 jobs (running, pending, a dependency chain, a failing parent with dependents) and
 * restarted HPCQ_OUTAGE_S seconds later (default 180). The wait must ride the outage out and
 * every job end in its right state, with nothing lost and nothing submitted twice.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { wait } from '../../src/index.js';
import { describeCluster } from '../helpers/cluster.js';
import { mixFigures, submitMix } from '../helpers/job-mix.js';
import { restartTestbed, stopDaemon } from '../helpers/slurm-jobs.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

useFileTempConfig('hpcq-ctld-config-');
const OUTAGE_S = Number(process.env.HPCQ_OUTAGE_S ?? 180);
let filedir = '';

describeCluster('wait() through a slurmctld outage', () => {
  beforeAll(async () => {
    filedir = await mkdtemp(join(tmpdir(), 'hpcq-ctld-'));
  });
  afterAll(async () => {
    if (spawnSync('sinfo', ['-h'], { timeout: 20_000 }).status !== 0) restartTestbed();
    await rm(filedir, { recursive: true, force: true, maxRetries: 5 });
  });

  it(`ends 20/20 jobs right with slurmctld stopped for ${OUTAGE_S} s mid-wait`, async () => {
    const tag = `ctld${Date.now() % 100000}`;
    const mix = await submitMix(tag, { qtype: 'slurm', filedir });
    const lines: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => (lines.push(String(c)), true));
    const started = Date.now();
    const waiting = wait(mix.map((m) => m.job)).then(
      () => undefined,
      (e: unknown) => e,
    );
    let restarted = 0;
    try {
      // Let the running jobs start, then take the controller away.
      await new Promise((r) => setTimeout(r, 8000));
      await stopDaemon('slurmctld');
      const stoppedAt = Date.now();
      await new Promise((r) => setTimeout(r, OUTAGE_S * 1000));
      restartTestbed();
      restarted = Date.now();
      process.stdout.write(`slurmctld down for ${Math.round((restarted - stoppedAt) / 1000)} s\n`);
    } finally {
      if (!restarted) restartTestbed();
    }
    const failure = await waiting;
    spy.mockRestore();
    const f = mixFigures(tag, mix);
    process.stdout.write(
      `slurmctld outage: submitted ${f.submitted}, finished ${f.finished}, lost ${f.lost}, duplicated ${f.duplicated}; ` +
        `wait took ${Math.round((Date.now() - started) / 1000)} s, ${Math.round((Date.now() - restarted) / 1000)} s after the restart\n`,
    );
    process.stdout.write(lines.filter((l) => /\[queue\]/.test(l)).join(''));
    expect(failure).toBeUndefined();
    expect(f.wrong).toEqual([]);
    expect(f.duplicated).toBe(0);
    // Said once that Slurm stopped answering, and once that it is back.
    expect(lines.filter((l) => /is not answering/.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /answers again after/.test(l))).toHaveLength(1);
  }, (OUTAGE_S + 240) * 1000);
});
