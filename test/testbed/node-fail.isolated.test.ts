/**
 * Runs in the isolated phase (vitest.isolated.config.ts): setting the node down kills every
 * job on it, so no other test file may be running.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, expect, it } from 'vitest';
import { createPoller } from '../../src/queue/index.js';
import { createLocalHost } from '../../src/util/local-host.js';
import { describeCluster, testbed } from '../helpers/cluster.js';
import { createSbatch, until } from '../helpers/slurm-jobs.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

// Keep [queue] settings of these tests out of the home directory's config.
useFileTempConfig('hpcq-config-');
const { sbatch, cancelAll } = createSbatch('hpcq-nodefail-test');
const squeueState = (id: string) => execFileSync('squeue', ['-h', '-j', id, '-o', '%T'], { encoding: 'utf8' }).trim();

describeCluster('a node failure under a running job', () => {
  afterAll(() => {
    cancelAll();
    // ReturnToService=2 usually has the node back already; then resume says "Invalid node state".
    try {
      execFileSync('scontrol', ['update', `nodename=${testbed!.node}`, 'state=resume'], { stdio: 'ignore' });
    } catch {
      /* already back */
    }
  });

  it('ends the job NODE_FAIL in sacct and failed / node_fail in hpcq', async () => {
    const id = sbatch('sleep 300');
    await until(() => squeueState(id) === 'RUNNING', 60_000);
    const poller = createPoller('slurm', createLocalHost());
    const settled = poller.waitFor(id, { timeout: 120_000 });
    execFileSync('scontrol', ['update', `nodename=${testbed!.node}`, 'state=down', 'reason=hpcq-test']);
    expect(await settled).toMatchObject({ state: 'failed', reason: 'node_fail' });
    // Accounting records the ending a moment after squeue shows it.
    const sacctRow = () => execFileSync('sacct', ['-j', id, '-X', '-P', '-n', '-o', 'State,ExitCode'], { encoding: 'utf8' }).trim();
    await until(() => sacctRow() !== '' && !/RUNNING/.test(sacctRow()), 60_000);
    expect(sacctRow()).toBe('NODE_FAIL|0:0');
    await until(() => /idle|mix/.test(execFileSync('sinfo', ['-h', '-n', testbed!.node, '-o', '%T'], { encoding: 'utf8' })), 60_000);
  }, 180_000);
});
