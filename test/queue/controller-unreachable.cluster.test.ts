/**
 * The controller unreachable from this process only: for a minute every Slurm command of this
 * process reads a slurm.conf whose SlurmctldPort nobody listens on, so squeue fails exactly as
 * against a stopped slurmctld ("Unable to contact slurm controller"), while the testbed keeps
 * running the jobs (and every other test). The wait on 20 jobs must ride it out.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { wait } from '../../src/index.js';
import { describeCluster } from '../helpers/cluster.js';
import { mixFigures, submitMix } from '../helpers/job-mix.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

useFileTempConfig('hpcq-unreachable-config-');
const CUT_MS = 60_000;
let dir = '';
let deadConf = '';

describeCluster('wait() while the controller cannot be reached', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hpcq-unreachable-'));
    deadConf = join(dir, 'slurm.conf');
    const conf = readFileSync(process.env.SLURM_CONF ?? '/etc/slurm/slurm.conf', 'utf8');
    writeFileSync(deadConf, `${conf.replace(/^SlurmctldPort=.*$/m, '')}\nSlurmctldPort=6899\n`);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('ends 20/20 jobs right after a minute without the controller, saying so once each way', async () => {
    const tag = `unr${Date.now() % 100000}`;
    const mix = await submitMix(tag, { qtype: 'slurm', filedir: dir });
    const lines: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => (lines.push(String(c)), true));
    const started = Date.now();
    const waiting = wait(mix.map((m) => m.job)).then(() => undefined, (e: unknown) => e);
    await new Promise((r) => setTimeout(r, 3000));
    vi.stubEnv('SLURM_CONF', deadConf);
    await new Promise((r) => setTimeout(r, CUT_MS));
    vi.unstubAllEnvs();
    const failure = await waiting;
    spy.mockRestore();
    const f = mixFigures(tag, mix);
    process.stdout.write(
      `controller unreachable ${CUT_MS / 1000} s: submitted ${f.submitted}, finished ${f.finished}, lost ${f.lost}, ` +
        `duplicated ${f.duplicated}; wait took ${Math.round((Date.now() - started) / 1000)} s\n${lines.filter((l) => /\[queue\]/.test(l)).join('')}`,
    );
    expect(failure).toBeUndefined();
    expect(f.wrong).toEqual([]);
    expect(f.duplicated).toBe(0);
    expect(lines.filter((l) => /is not answering: squeue .*Unable to contact slurm controller/.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /answers again after \d+ s/.test(l))).toHaveLength(1);
  }, 240_000);
});
