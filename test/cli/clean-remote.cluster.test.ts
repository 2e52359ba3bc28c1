/**
 * `hpcq clean --remote` (and `clean_job_files --remote`) clean a filedir on the login node over
 * SSH: the testbed's sshd. Only hpcq's files of ended jobs go; the user's files and the files of a
 * job still queued or running (in Slurm's queue) stay. The scheduler commands on this machine are wrapped to log each
 * call: over SSH none of them may run here.
 */
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { submit, type Job } from '../../src/api/index.js';
import { runBin } from '../helpers/bin.js';
import { describeCluster, testbed } from '../helpers/cluster.js';
import { cancelAndSettle } from '../helpers/slurm-jobs.js';
import { useTempConfig } from '../helpers/temp-config.js';

const cfg = useTempConfig('hpcq-clean-remote-');

/** A PATH on which squeue, sacct, scontrol and scancel log their calls instead of running. */
function refusingPath(): { path: string; log: () => string } {
  const bin = join(cfg.dir, 'bin');
  const logFile = join(cfg.dir, 'calls.log');
  mkdirSync(bin);
  writeFileSync(logFile, '');
  for (const name of ['squeue', 'sacct', 'scontrol', 'scancel']) {
    writeFileSync(join(bin, name), `#!/bin/sh\necho "${name} $*" >> '${logFile}'\nexit 1\n`);
    chmodSync(join(bin, name), 0o755);
  }
  return { path: `${bin}:${process.env.PATH}`, log: () => readFileSync(logFile, 'utf8') };
}

describeCluster('hpcq clean --remote', () => {
  const started: Job[] = [];
  afterEach(async () => {
    await cancelAndSettle(started.splice(0).map((j) => j.id!));
  });

  it('deletes the files of ended jobs over SFTP, keeps the user files and a live job, runs nothing here', async () => {
    const tb = testbed!;
    const filedir = join(cfg.dir, 'jobs');
    const opts = { qtype: 'slurm' as const, filedir, partition: tb.partition, time: '5m', mem: 100 };
    // The ended job ran on the local pool (the shared testbed may be busy); the live one waits
    // in Slurm's queue (pending or running), where only the remote squeue can tell it is live.
    const ended = await submit('echo ended', { qtype: 'local', filedir, name: 'ended' });
    await ended.wait();
    const live = await submit('sleep 300', { ...opts, name: 'live' });
    started.push(live);
    writeFileSync(join(filedir, 'results.cluster.csv'), 'mine\n');
    writeFileSync(join(filedir, 'notes.txt'), 'mine\n');
    const before = readdirSync(filedir);
    expect(before.filter((f) => f.startsWith('ended.cluster')).length).toBeGreaterThan(1);
    const { path, log } = refusingPath();
    const remote = ['--remote', `ssh://${tb.user}@${tb.host}:${tb.port}`, '--identity-file', tb.keyPath, '--known-hosts', tb.knownHostsFile!];
    const env = { HPCQ_CONFIG: cfg.file, PATH: path };

    const dry = await runBin('main', ['clean', ...remote, '-d', filedir, '--dry-run'], { env });
    expect(dry.code).toBe(0);
    expect(dry.out.trim().split('\n').sort()).toEqual(before.filter((f) => f.startsWith('ended.')).map((f) => join(filedir, f)).sort());
    expect(dry.err).toMatch(/kept \d+ files of 1 jobs still queued or running: live/);
    // The live job may start meanwhile and write its status file: compare everything else.
    const notLive = (names: string[]): string[] => names.filter((f) => !f.startsWith('live.')).sort();
    expect(notLive(readdirSync(filedir))).toEqual(notLive(before));

    const r = await runBin('clean-job-files', [...remote, '-d', filedir, '-n'], { env });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Deleted \d+ files/);
    const after = readdirSync(filedir);
    expect(after.filter((f) => f.startsWith('ended.'))).toEqual([]);
    expect(after).toEqual(expect.arrayContaining(['results.cluster.csv', 'notes.txt', ...before.filter((f) => f.startsWith('live.'))]));
    expect(log()).toBe('');
  }, 180_000);
});

describe('hpcq clean --remote mistakes', () => {
  it('needs an absolute directory there, and --identity-file needs --remote', async () => {
    const rel = await runBin('main', ['clean', '--remote', 'ssh://nobody@127.0.0.1:1', '-d', 'jobs', '-n'], { env: { HPCQ_CONFIG: cfg.file } });
    expect(rel.code).toBe(2);
    expect(rel.err).toMatch(/--remote needs the directory to clean there as an absolute path/);
    const lone = await runBin('main', ['clean', '--identity-file', '/nonexistent', '-n'], { env: { HPCQ_CONFIG: cfg.file } });
    expect(lone.code).toBe(2);
    expect(lone.err).toMatch(/--identity-file needs --remote/);
  });
});
