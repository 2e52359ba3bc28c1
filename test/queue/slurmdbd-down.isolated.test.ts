/**
 * Runs in the isolated phase (vitest.isolated.config.ts): it stops the testbed's slurmdbd,
 * which would break sacct for any test file running beside it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { wait } from '../../src/index.js';
import { createPoller } from '../../src/queue/index.js';
import { createLocalHost } from '../../src/util/local-host.js';
import { describeCluster } from '../helpers/cluster.js';
import { mixFigures, submitMix } from '../helpers/job-mix.js';
import { createSbatch, restartTestbed, stopDaemon, withStatus } from '../helpers/slurm-jobs.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

// Keep [queue] settings of these tests out of the home directory's config.
useFileTempConfig('hpcq-config-');
const { sbatch, cancelAll } = createSbatch('hpcq-nodbd-test');
let dir = '';

describeCluster('poller with accounting down', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hpcq-nodbd-'));
  });
  afterAll(() => {
    cancelAll();
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('ends wait() correctly with slurmdbd stopped', async () => {
    const poller = createPoller('slurm', createLocalHost());
    const status = join(dir, 'nodbd.status');
    await stopDaemon('slurmdbd');
    try {
      const withFile = sbatch(withStatus(status, '(exit 4)'));
      const plain = sbatch('true');
      poller.track(withFile, { statusFile: status });
      const [a, b] = await Promise.all([poller.waitFor(withFile, { timeout: 90_000 }), poller.waitFor(plain, { timeout: 90_000 })]);
      // The exit status comes from the status file: accounting is down and squeue has none.
      expect(a).toMatchObject({ state: 'failed', exitCode: 4 });
      expect(b).toMatchObject({ state: 'completed', exitCode: 0 });
    } finally {
      restartTestbed();
    }
  }, 220_000);

  it('ends the 20-job mix right with slurmdbd stopped for 45 s mid-wait', async () => {
    const tag = `dbd${Date.now() % 100000}`;
    const mix = await submitMix(tag, { qtype: 'slurm', filedir: dir }, { runFor: 20 });
    const waiting = wait(mix.map((m) => m.job)).then(() => undefined, (e: unknown) => e);
    const t0 = Date.now();
    await stopDaemon('slurmdbd');
    try {
      await new Promise((r) => setTimeout(r, 45_000));
    } finally {
      restartTestbed();
    }
    const down = Math.round((Date.now() - t0) / 1000);
    const failure = await waiting;
    const f = mixFigures(tag, mix);
    process.stdout.write(`slurmdbd down ${down} s: submitted ${f.submitted}, finished ${f.finished}, lost ${f.lost}, duplicated ${f.duplicated}\n`);
    expect(failure).toBeUndefined();
    expect(f.wrong).toEqual([]);
    expect(f.duplicated).toBe(0);
  }, 240_000);
});
