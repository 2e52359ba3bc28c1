/**
 * Runs in the isolated phase (vitest.isolated.config.ts): it stops the testbed's slurmdbd,
 * which would break sacct for any test file running beside it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPoller } from '../../src/queue/index.js';
import { createLocalHost } from '../../src/util/local-host.js';
import { describeCluster, TESTBED_DIR } from '../helpers/cluster.js';
import { createSbatch, restartTestbed, until, withStatus } from '../helpers/slurm-jobs.js';
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
    rmSync(dir, { recursive: true, force: true });
  });

  it('ends wait() correctly with slurmdbd stopped', async () => {
    const poller = createPoller('slurm', createLocalHost());
    const status = join(dir, 'nodbd.status');
    const pidFile = [join(TESTBED_DIR, 'pids', 'slurmdbd.pid'), join(TESTBED_DIR, 'slurmdbd.pid')].find((f) => existsSync(f))!;
    const pid = execFileSync('cat', [pidFile], { encoding: 'utf8' }).trim();
    execFileSync('kill', [pid]);
    // Until it has exited, `testbed.sh up` would take the dying daemon for a running one.
    await until(() => spawnSync('kill', ['-0', pid]).status !== 0, 30_000);
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
});
