/** scripts/testbed.sh's command line: usage, refusal without root, and status on a live testbed. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createLocalHost } from '../../src/util/local-host.js';
import { describeCluster, testbed } from '../helpers/cluster.js';

const host = createLocalHost();
const SCRIPT = fileURLToPath(new URL('../../scripts/testbed.sh', import.meta.url));
const isRoot = process.getuid?.() === 0;

describe('scripts/testbed.sh', () => {
  it('prints usage and exits 2 without a known command', async () => {
    const r = await host.run(['bash', SCRIPT, 'sideways']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/usage: .*up\|down\|status/);
  });

  it.skipIf(!isRoot)('refuses to bring the testbed up or down without root, changing nothing', async () => {
    for (const cmd of ['up', 'down']) {
      // setpriv drops to nobody for this one command; the script must stop at its first check.
      const r = await host.run(['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', 'bash', SCRIPT, cmd]);
      expect(r.exitCode, r.stdout).toBe(1);
      expect(r.stderr).toMatch(/must run as root.*nothing was changed/);
      expect(r.stdout).toBe('');
    }
  });
});

describeCluster('scripts/testbed.sh status', () => {
  it('reports the daemons, the cgroup mode and the node', async () => {
    const r = await host.run(['bash', SCRIPT, 'status']);
    // Exit 3 means some daemon is down: other test files may stop slurmdbd on purpose.
    expect([0, 3], r.stdout + r.stderr).toContain(r.exitCode);
    for (const name of ['munged', 'slurmctld', 'slurmd', 'sshd']) {
      expect(r.stdout).toMatch(new RegExp(`^${name} +running \\(pid \\d+\\)$`, 'm'));
    }
    expect(r.stdout).toMatch(/^slurmdbd +(running|not running)/m);
    expect(r.stdout).toMatch(/^mode +(cgroup|linuxproc)$/m);
    expect(r.stdout).toMatch(/^node +\S+ debug\* /m);
    for (const name of ['sge_qmaster', 'sge_execd']) {
      expect(r.stdout).toMatch(new RegExp(`^${name} +running \\(pid \\d+\\)$`, 'm'));
    }
    expect(r.stdout).toMatch(/^sge +debug used=\d+ avail=\d+ total=[1-9]\d*$/m);
  });
});

describeCluster('the testbed keeps both qsub commands', () => {
  // slurm-wlm-torque conflicts with gridengine-client; the testbed keeps the Torque commands
  // in torqueBin and Grid Engine's in sgeBin, and neither may shadow the other.
  it('runs slurm-wlm-torque from torqueBin and Grid Engine from sgeBin', async () => {
    const torque = await host.run([`${testbed?.torqueBin ?? '/usr/bin'}/qsub`, '--help']);
    expect(torque.stdout + torque.stderr).toMatch(/^Usage:\n\s+qsub \[-a start_time\]/);
    expect(testbed?.sgeBin, 'connection.json names sgeBin').toBeTruthy();
    const sge = await host.run([`${testbed?.sgeBin}/qsub`, '-help']);
    expect(sge.stdout).toMatch(/^SGE 8\.1\.\d+\nusage: qsub \[options\]/);
    const stat = await host.run([`${testbed?.sgeBin}/qstat`, '-g', 'c']);
    expect(stat.exitCode, stat.stderr).toBe(0);
    expect(stat.stdout).toMatch(new RegExp(`^${testbed?.sgeQueue ?? 'debug'} `, 'm'));
  });
});
