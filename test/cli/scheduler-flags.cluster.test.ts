/**
 * `hpcq wait`, `cancel` and `queue` send their scheduler commands where --qtype and --remote say,
 * and refuse a --qtype that names no known scheduler. The scheduler commands on this machine are
 * wrapped so that each call is logged before the real command runs; a call over SSH runs on the
 * testbed's sshd, outside the wrapped PATH, so it is not logged.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QTYPES } from '../../src/types.js';
import { runBin } from '../helpers/bin.js';
import { describeCluster, testbed } from '../helpers/cluster.js';
import { endedState } from '../helpers/slurm-jobs.js';
import { useTempConfig } from '../helpers/temp-config.js';

const cfg = useTempConfig('hpcq-cli-sched-');
const WRAPPED = ['sbatch', 'squeue', 'sacct', 'scontrol', 'scancel', 'qsub', 'qstat', 'qdel'];

/** A PATH whose scheduler commands log "name args" to the returned log file, then run the real one. */
function loggingPath(): { env: NodeJS.ProcessEnv; log: () => string } {
  const bin = join(cfg.dir, 'bin');
  const logFile = join(cfg.dir, 'calls.log');
  mkdirSync(bin);
  writeFileSync(logFile, '');
  for (const name of WRAPPED) {
    let real = '';
    try {
      real = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    } catch {
      real = '/bin/false';
    }
    writeFileSync(join(bin, name), `#!/bin/sh\necho "${name} $*" >> '${logFile}'\nexec '${real}' "$@"\n`);
    chmodSync(join(bin, name), 0o755);
  }
  return { env: { HPCQ_CONFIG: cfg.file, PATH: `${bin}:${process.env.PATH}` }, log: () => readFileSync(logFile, 'utf8') };
}

describe('--qtype on wait, cancel and queue', () => {
  it('hpcq wait --qtype local 999 asks the local runner, not Slurm', async () => {
    const { env, log } = loggingPath();
    const r = await runBin('main', ['wait', '--qtype', 'local', '999'], { env });
    expect(r.err).toMatch(/No local job with id '999'/);
    expect(log()).toBe('');
    // The wrappers do log: the same PATH with --qtype slurm calls squeue.
    await runBin('main', ['queue', '--qtype', 'slurm'], { env });
    expect(log()).toMatch(/^squeue /m);
  });

  it('refuses an unknown --qtype on wait, cancel and queue, listing the known ones, running nothing', async () => {
    const { env, log } = loggingPath();
    for (const args of [['wait', '--qtype', 'sge-ish', '1'], ['cancel', '--qtype', 'pbs-pro', '1'], ['queue', '--qtype', 'condor']]) {
      const r = await runBin('main', args, { env });
      expect(r.code).toBe(2);
      expect(r.err).toContain(`use one of ${QTYPES.join(', ')}`);
      expect(r.err).not.toMatch(/^hpcq: hpcq/);
    }
    expect(log()).toBe('');
  });
});

describeCluster('--remote on cancel', () => {
  it('hpcq cancel --remote cancels on the remote host, never with the local scancel', async () => {
    const tb = testbed!;
    const { env, log } = loggingPath();
    const id = execFileSync('sbatch', ['--parsable', '-p', tb.partition, '-o', '/dev/null', '--wrap', 'sleep 300'], { encoding: 'utf8' }).trim().split(';')[0]!;
    try {
      const remote = ['--remote', `ssh://${tb.user}@${tb.host}:${tb.port}`, '--identity-file', tb.keyPath, '--known-hosts', tb.knownHostsFile!];
      const r = await runBin('main', ['cancel', '--qtype', 'slurm', ...remote, id], { env });
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toBe(`cancelled ${id}\n`);
      expect(log()).toBe('');
      expect(await endedState(id)).toBe('CANCELLED');
    } finally {
      execFileSync('scancel', [id], { stdio: 'ignore' });
    }
  });

  it('hpcq queue --remote lists over SSH, never with the local squeue', async () => {
    const tb = testbed!;
    const { env, log } = loggingPath();
    const remote = ['--remote', `ssh://${tb.user}@${tb.host}:${tb.port}`, '--identity-file', tb.keyPath, '--known-hosts', tb.knownHostsFile!];
    const r = await runBin('main', ['queue', '--qtype', 'slurm', '--json', ...remote], { env });
    expect(r.code).toBe(0);
    expect(Array.isArray(JSON.parse(r.out))).toBe(true);
    expect(log()).toBe('');
  });
});

describeCluster('hpcq queue --state', () => {
  it('keeps only jobs in the states asked for, and refuses a state that does not exist', async () => {
    const id = execFileSync('sbatch', ['--parsable', '-p', testbed!.partition, '-o', '/dev/null', '--wrap', 'sleep 60'], { encoding: 'utf8' }).trim().split(';')[0]!;
    try {
      const { env } = loggingPath();
      const listed = async (state: string): Promise<string[]> => {
        const r = await runBin('main', ['queue', '--qtype', 'slurm', '--state', state, '--json'], { env });
        expect(r.code).toBe(0);
        return (JSON.parse(r.out) as { id: string }[]).map((j) => j.id);
      };
      // Pending or running, depending on how busy the testbed is; never in a final state yet.
      const both = await listed('pending,running');
      expect(both).toContain(id);
      expect(await listed('completed,failed,cancelled')).not.toContain(id);
      const bad = await runBin('main', ['queue', '--state', 'runing'], { env });
      expect(bad.code).toBe(2);
      expect(bad.err).toMatch(/unknown --state 'runing': use pending, held, running/);
    } finally {
      execFileSync('scancel', [id], { stdio: 'ignore' });
    }
  });
});
