/**
 * The SSH connection to the login node killed twice during a wait() on 8 jobs, by killing the
 * sshd process serving it (found through its TCP port; other connections to the testbed's sshd
 * are left alone). The wait reconnects and completes, every job in its right state.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { closeAllRemoteHosts, submit, wait, type RemoteOptions } from '../../src/index.js';
import type { Job } from '../../src/job/job.js';
import { describeCluster, testbed } from '../helpers/cluster.js';
import { duplicatedJobs } from '../helpers/job-mix.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

useFileTempConfig('hpcq-ssh-drop-config-');
let dir = '';
let remote: RemoteOptions;

/** Pids of the sshd processes serving this process's connections to `port`. */
function sshdServingUs(port: number): number[] {
  const rows = spawnSync('ss', ['-tnpH', 'state', 'established'], { encoding: 'utf8' }).stdout.split('\n');
  const ours = rows.filter((r) => r.includes(`pid=${process.pid},`) && r.includes(`:${port} `)).map((r) => r.trim().split(/\s+/)[2]!.split(':').pop()!);
  return rows
    .filter((r) => ours.some((p) => r.includes(`:${port} `) && r.split(/\s+/)[3]?.endsWith(`:${p}`) && r.includes('sshd')))
    .flatMap((r) => [...r.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1])));
}

describeCluster('wait() over SSH with the connection killed mid-wait', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hpcq-ssh-drop-'));
    const knownHosts = join(dir, 'known_hosts');
    await writeFile(knownHosts, `${testbed!.knownHosts}\n`);
    remote = { host: testbed!.host, port: testbed!.port, username: testbed!.user, identityFile: testbed!.keyPath, knownHosts, agent: false };
  });
  afterAll(async () => {
    await closeAllRemoteHosts();
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('completes the wait on 8 jobs with the connection killed twice', async () => {
    const tag = `drop${Date.now() % 100000}`;
    const jobs: Array<{ job: Job; want: string }> = [];
    for (let i = 0; i < 8; i++) {
      const fails = i % 4 === 3;
      const job = await submit(fails ? `sleep ${4 + i}; exit 2` : `sleep ${4 + i}; echo ok${i}`, { qtype: 'slurm', remote, filedir: dir, name: `${tag}-${i}`, cores: 1, time: 5 });
      jobs.push({ job, want: fails ? 'failed' : 'completed' });
    }
    const waiting = wait(jobs.map((j) => j.job)).then(() => undefined, (e: unknown) => e);
    const killed: number[] = [];
    for (const at of (process.env.HPCQ_DROP_AT ?? "3000,5000").split(",").map(Number)) {
      await new Promise((r) => setTimeout(r, at));
      const pids = sshdServingUs(testbed!.port);
      for (const pid of pids) process.kill(pid, 'SIGKILL');
      killed.push(pids.length);
    }
    const failure = await waiting;
    const right = jobs.filter(({ job, want }) => job.state === want).length;
    const duplicated = duplicatedJobs(tag);
    process.stdout.write(`ssh drop: connection killed ${killed.length} times (${killed.join(' + ')} sshd processes); submitted ${jobs.length}, finished ${right}, lost ${jobs.length - right}, duplicated ${duplicated}\n`);
    expect(killed.every((n) => n > 0)).toBe(true);
    expect(failure).toBeUndefined();
    expect(duplicated).toBe(0);
    expect(jobs.map(({ job }) => `${job.name}: ${job.state}/${job.reason ?? '-'}`)).toEqual(jobs.map(({ job, want }) => `${job.name}: ${want}/${want === 'failed' ? 'nonzero_exit' : '-'}`));
    expect(jobs[0]!.job.stdout).toBe('ok0\n');
  }, 180_000);
});
