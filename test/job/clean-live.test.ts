/** cleanDir leaves the files of jobs still queued or running alone, and deletes them once the jobs end. */
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cleanDir, makeJobFile, submit, type KeptJobs } from '../../src/api/index.js';
import { describeCluster } from '../helpers/cluster.js';
import { useFileTempConfig } from '../helpers/temp-config.js';
import { runCli } from '../helpers/cli.js';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';

const config = useFileTempConfig('hpcq-clean-live-');

async function subdir(name: string): Promise<string> {
  const d = join(config.dir, name);
  await mkdir(d);
  return d;
}


const names = async (d: string): Promise<string[]> => (await readdir(d)).sort();
const rel = (d: string, paths: string[]): string[] => paths.map((p) => p.slice(d.length + 1));

describe('the status-file rule', () => {
  it('keeps a job whose status file has no end= line, and a lone unfinished status file', async () => {
    const d = await subdir('status');
    const torque = await makeJobFile('echo a', { qtype: 'torque', filedir: d, name: 'running' });
    await writeFile(join(d, 'running.cluster.status'), '# hpcq job status\nstart=1\nhost=n1\n');
    await makeJobFile('echo b', { qtype: 'torque', filedir: d, name: 'done' });
    await writeFile(join(d, 'done.cluster.status'), '# hpcq job status\nstart=1\nexit=0\nend=2\n');
    await writeFile(join(d, 'lone.cluster.status'), '# hpcq job status\nstart=1\n');
    await writeFile(join(d, 'old.cluster.status'), '# hpcq job status\nstart=1\nexit=1\nend=2\n');

    const kept: KeptJobs[] = [];
    const listed = await cleanDir(d, { dryRun: true, onKept: (k) => kept.push(k) });
    // Each written job also has its empty stdout/stderr (created owner-only with the scripts).
    const logs = (name: string): string[] => [`${name}.cluster.err`, `${name}.cluster.out`];
    expect(rel(d, listed)).toEqual([...logs('done'), 'done.cluster.qsub', 'done.cluster.status', 'old.cluster.status']);
    expect(kept).toEqual([{ names: ['lone', 'running'], paths: [join(d, 'lone.cluster.status'), ...logs('running').map((n) => join(d, n)), torque, join(d, 'running.cluster.status')] }]);

    const cli1 = await runCli('clean', d, '--dry-run');
    expect(cli1.code).toBe(0);
    expect(cli1.err).toContain('kept 5 files of 2 jobs still queued or running: lone, running');
    expect(cli1.out).not.toMatch(/running|lone/);

    expect(rel(d, await cleanDir(d))).toEqual([...logs('done'), 'done.cluster.qsub', 'done.cluster.status', 'old.cluster.status']);
    expect(await names(d)).toEqual(['lone.cluster.status', ...logs('running'), 'running.cluster.qsub', 'running.cluster.status']);
    // The wrapper ends: end= is written, and the files go.
    await writeFile(join(d, 'running.cluster.status'), '# hpcq job status\nstart=1\nhost=n1\nexit=0\nend=3\n');
    expect(rel(d, await cleanDir(d))).toEqual([...logs('running'), 'running.cluster.qsub', 'running.cluster.status']);
    expect(await names(d)).toEqual(['lone.cluster.status']);
  });
});

describe('the status-file rule on this machine', () => {
  it('keeps a job whose wrapper process is alive and deletes one whose wrapper died without end=', async () => {
    const d = await subdir('pids');
    const dead = spawnSync('true').pid;
    const status = (pid: number) => `# hpcq job status\nstart=1\nhost=${hostname()}\npid=${pid}\n`;
    await writeFile(join(d, 'alive.cluster.status'), status(process.pid));
    await writeFile(join(d, 'killed.cluster.status'), status(dead));
    expect(rel(d, await cleanDir(d))).toEqual(['killed.cluster.status']);
    expect(await names(d)).toEqual(['alive.cluster.status']);
  });
});

describe('a local job', () => {
  it("keeps a queued or running job's files, then deletes them once it ended", async () => {
    const d = await subdir('local');
    await makeJobFile('echo done', { qtype: 'local', filedir: d, name: 'finished' });
    const job = await submit('sleep 5', { qtype: 'local', filedir: d, name: 'sleeper' });
    const files = [job.files.submit, job.files.out, job.files.err];
    try {
      const kept: KeptJobs[] = [];
      expect(rel(d, await cleanDir(d, { onKept: (k) => kept.push(k) }))).toEqual(['finished.cluster', 'finished.cluster.err', 'finished.cluster.out']);
      expect(kept.map((k) => k.names)).toEqual([['sleeper']]);
      for (const f of files) expect(existsSync(f)).toBe(true);
      const note = await runCli('clean', d, '--yes');
      expect(note.out).toMatch(/No hpcq job files to delete/);
      expect(note.err).toMatch(/kept \d+ files of 1 jobs still queued or running: sleeper/);
      expect(existsSync(job.files.submit)).toBe(true);
    } finally {
      await job.cancel();
      await job.wait();
    }
    expect(job.state).toBe('cancelled');
    const deleted = rel(d, await cleanDir(d));
    expect(deleted).toContain('sleeper.cluster');
    expect(await names(d)).toEqual([]);
  });
});

describeCluster('a pending Slurm job', () => {
  it("keeps a pending job's files, deletes a finished one's, and the rest after cancelling", async () => {
    const d = await subdir('slurm');
    const opts = { qtype: 'slurm', filedir: d, time: '5m', mem: 100 } as const;
    const done = await submit('echo finished', { ...opts, name: 'finished' });
    await done.wait();
    const pending = await submit('echo later', { ...opts, name: 'later', begin: 'now+1hour' });
    try {
      const kept: KeptJobs[] = [];
      const deleted = rel(d, await cleanDir(d, { onKept: (k) => kept.push(k) }));
      expect(deleted).toEqual(expect.arrayContaining(['finished.cluster.sbatch', 'finished.cluster.script', 'finished.cluster.out']));
      expect(deleted.filter((n) => n.startsWith('later'))).toEqual([]);
      expect(kept.map((k) => k.names)).toEqual([['later']]);
      // The live job's ledger record stays (in .hpcq) until its files are cleaned.
      expect(await names(d)).toEqual(['.hpcq', 'later.cluster.err', 'later.cluster.out', 'later.cluster.sbatch', 'later.cluster.script']);
    } finally {
      await pending.cancel();
      await pending.wait();
    }
    expect(pending.state).toBe('cancelled');
    expect(rel(d, await cleanDir(d))).toEqual(['later.cluster.err', 'later.cluster.out', 'later.cluster.sbatch', 'later.cluster.script']);
    expect(await names(d)).toEqual([]);
  }, 120_000);

  it('falls back to the status-file rule with a warning when squeue fails', async () => {
    const d = await subdir('slurm-down');
    const running = await makeJobFile('echo a', { qtype: 'slurm', filedir: d, name: 'running' });
    await writeFile(join(d, 'running.cluster.status'), '# hpcq job status\nstart=1\n');
    await makeJobFile('echo b', { qtype: 'slurm', filedir: d, name: 'idle' });
    const saved = process.env.SLURM_CONF;
    process.env.SLURM_CONF = '/dev/null'; // squeue then fails at once, as without a controller
    let err = '';
    const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
    try {
      expect(rel(d, await cleanDir(d))).toEqual(['idle.cluster.err', 'idle.cluster.out', 'idle.cluster.sbatch', 'idle.cluster.script']);
    } finally {
      e.mockRestore();
      if (saved === undefined) delete process.env.SLURM_CONF;
      else process.env.SLURM_CONF = saved;
    }
    expect(err).toMatch(/hpcq warn \[clean\] squeue .* failed .*status files only/);
    expect(existsSync(running)).toBe(true);
    // With squeue answering, it decides: the job is not queued, so its stale status keeps nothing.
    expect(rel(d, await cleanDir(d))).toEqual(['running.cluster.err', 'running.cluster.out', 'running.cluster.sbatch', 'running.cluster.script', 'running.cluster.status']);
  });
});
