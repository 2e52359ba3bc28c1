/**
 * Rendered directives against the real schedulers of the testbed: sbatch must read back
 * what hpcq meant (CPUs, memory, time limit, a hostile job name), and the Torque rendering
 * must be accepted by qsub. Held jobs never run; the one running job checks env and paths.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkOptions, renderDirectives } from '../../src/options/index.js';
import { createLocalHost } from '../../src/util/local-host.js';
import { describeCluster } from '../helpers/cluster.js';
import { submit } from '../../src/api/index.js';

const host = createLocalHost();
const ACCEPTANCE = { cores: 2, mem: '1GB', time: '10m', partition: 'debug', name: "it's a $(test) job" };

async function scontrol(id: string): Promise<string> {
  const r = await host.run(['scontrol', 'show', 'job', id]);
  expect(r.exitCode, r.stderr).toBe(0);
  return r.stdout;
}

/** The job name as Slurm stores it: the rest of the first line of `scontrol show job`. */
const jobName = (text: string): string | undefined => /^JobId=\S+ JobName=(.*)$/m.exec(text)?.[1];

describeCluster('directives on the real scheduler', () => {
  let dir = '';
  const submitted: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hpcq-directives-'));
  });

  afterAll(async () => {
    if (submitted.length) await host.run(['scancel', ...submitted]);
    if (dir) await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  async function submitHeld(options: Record<string, unknown>, file: string): Promise<string> {
    const script = join(dir, file);
    await writeFile(script, ['#!/bin/bash', ...renderDirectives(checkOptions(options), 'slurm'), 'sleep 30', ''].join('\n'));
    const r = await host.run(['sbatch', '--parsable', '--hold', '-o', join(dir, `${file}.out`), script]);
    expect(r.exitCode, r.stderr).toBe(0);
    const id = r.stdout.trim().split(';')[0]!;
    submitted.push(id);
    return id;
  }

  it('sbatch reads CPUs, memory, time limit and the job name as given', async () => {
    const text = await scontrol(await submitHeld(ACCEPTANCE, 'acceptance.sbatch'));
    expect(jobName(text)).toBe("it's a $(test) job");
    expect(text).toMatch(/\bNumCPUs=2\b/);
    expect(text).toMatch(/\bMinMemoryNode=(1G|1024M)\b/);
    expect(text).toMatch(/\bTimeLimit=00:10:00\b/);
    expect(text).toMatch(/\bPartition=debug\b/);
    expect(text).toMatch(/\bKillOInInvalidDependent=Yes\b/);
  });

  it('keeps quotes, backslashes, #, backticks, tabs, unicode and "hetjob" in a name', async () => {
    const name = 'q"uo\\te #hash `tick` $HOME hetjob ünï\tend';
    const text = await scontrol(await submitHeld({ name, time: 1, mem: 100 }, 'hostile.sbatch'));
    expect(jobName(text)).toBe(name);
    expect(text).not.toMatch(/HetJob/);
  });

  it('the Torque rendering is accepted by qsub', async () => {
    const script = join(dir, 'acceptance.qsub');
    await writeFile(script, ['#!/bin/bash', ...renderDirectives(checkOptions(ACCEPTANCE), 'torque'), 'sleep 30', ''].join('\n'));
    // The Slurm qsub wrapper ignores #PBS -o/-e, so the paths go on the command line.
    const r = await host.run(['qsub', '-h', '-o', join(dir, 'q.out'), '-e', join(dir, 'q.err'), script]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    const id = r.stdout.trim().split('\n').pop()!.trim();
    expect(id).toMatch(/^\d+/);
    submitted.push(id);
    const q = await host.run(['qstat', '-f', id]);
    expect(q.stdout).toMatch(/Job_Name = it_s_a___test__job/);
    const text = await scontrol(id);
    expect(text).toMatch(/\bNumCPUs=2\b/);
    expect(text).toMatch(/\bMinMemoryNode=(1G|1024M)\b/);
    expect(text).toMatch(/\bTimeLimit=00:10:00\b/);
    await host.run(['qdel', id]);
  });

  it('a running job sees its env values exactly and runs in a working directory with spaces', async () => {
    const work = join(dir, "work dir's");
    await host.run(['mkdir', '-p', work]);
    // Commas, quotes, newlines and $ cannot travel in --export; the job script exports them.
    const env = { A: 'two words', B: 'ü$x', CUDA_VISIBLE_DEVICES: '0,1', D: `it's "quoted"\nsecond line` };
    const job = await submit('printf "%s|%s|%s|%s|%s" "$A" "$B" "$CUDA_VISIBLE_DEVICES" "$D" "$PWD"', {
      qtype: 'slurm', filedir: dir, dir: work, time: 2, mem: 100, env,
    });
    submitted.push(job.id!);
    const { stdout } = await job.get({ timeout: 200_000 });
    expect(stdout).toBe(`two words|ü$x|0,1|it's "quoted"\nsecond line|${work}`);
  }, 240_000);
});
