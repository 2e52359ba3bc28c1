/** A saved profile reaches the real scheduler through submit(), and call-site options win. */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { submit, type Job } from '../../src/api/index.js';
import { setProfile } from '../../src/profiles/index.js';
import { describeCluster } from '../helpers/cluster.js';
import { cancelAndSettle } from '../helpers/slurm-jobs.js';

const oldConfig = process.env.HPCQ_CONFIG;
let dir = '';
const jobs: Job[] = [];

/** `scontrol show job -o` as key=value pairs. */
function showJob(id: string): Record<string, string> {
  const line = execFileSync('scontrol', ['show', 'job', '-o', id], { encoding: 'utf8' });
  return Object.fromEntries(line.trim().split(/\s+/).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
}

describeCluster('profiles through submit()', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hpcq-profile-submit-'));
    process.env.HPCQ_CONFIG = join(dir, 'config.ini');
    setProfile('big', { cores: 2, mem: '2G', time: '20m' });
  });
  afterAll(async () => {
    // Until the jobs' processes are gone, their wrappers may still write into dir.
    await cancelAndSettle(jobs.map((j) => j.id!).filter(Boolean));
    if (oldConfig === undefined) delete process.env.HPCQ_CONFIG;
    else process.env.HPCQ_CONFIG = oldConfig;
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('uses the named profile, and a call-site option overrides it', async () => {
    const fromProfile = await submit('sleep 20', { qtype: 'slurm', profile: 'big', filedir: dir, name: 'from_profile' });
    const overridden = await submit('sleep 20', { qtype: 'slurm', profile: 'big', mem: '1G', filedir: dir, name: 'overridden' });
    jobs.push(fromProfile, overridden);
    const a = showJob(fromProfile.id!);
    const b = showJob(overridden.id!);
    expect([a.NumCPUs, a.MinMemoryNode, a.TimeLimit]).toEqual(['2', '2G', '00:20:00']);
    expect([b.NumCPUs, b.MinMemoryNode, b.TimeLimit]).toEqual(['2', '1G', '00:20:00']);
  });
});
