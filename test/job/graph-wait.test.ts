/**
 * Waiting on a dependency graph costs one wait per job, not one per path: a 40-job graph where
 * job i depends on jobs i-1 and i-4 (about 10^7 paths down from the last job) is waited on from
 * its last job with fewer than 100 open files, locally and on the Slurm testbed.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../src/job/job.js';
import { submit } from '../../src/index.js';
import type { Qtype } from '../../src/types.js';
import { describeCluster } from '../helpers/cluster.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

useFileTempConfig('hpcq-graph-wait-');
const JOBS = 40;

/** Largest number of open file descriptors of this process seen while `work` runs. */
async function peakOpenFiles<T>(work: () => Promise<T>): Promise<{ result: T; peak: number }> {
  const count = (): number => readdirSync('/proc/self/fd').length;
  let peak = count();
  const timer = setInterval(() => (peak = Math.max(peak, count())), 20);
  try {
    const result = await work();
    return { result, peak: Math.max(peak, count()) };
  } finally {
    clearInterval(timer);
  }
}

function graphSuite(qtype: Qtype): void {
  let filedir = '';
  beforeAll(async () => {
    filedir = await mkdtemp(join(tmpdir(), `hpcq-graph-${qtype}-`));
  });
  afterAll(async () => {
    await rm(filedir, { recursive: true, force: true, maxRetries: 5 });
  });

  it(`waits on job ${JOBS} of a graph with edges i-1 and i-4 with < 100 open files`, async () => {
    const jobs: Job[] = [];
    // The first job holds until the wait has begun, so the whole graph ends while it is waited on
    // (each job's wait then settles, and reads its files, in that one window).
    const go = join(filedir, 'go');
    for (let i = 0; i < JOBS; i++) {
      const depends = [jobs[i - 1], jobs[i - 4]].filter((j): j is Job => j !== undefined);
      const command = i === 0 ? `while [ ! -e '${go}' ]; do sleep 0.1; done; echo 0` : `echo ${i}`;
      jobs.push(await submit(command, { qtype, filedir, name: `g${i}`, cores: 1, ...(depends.length ? { depends } : {}) }));
    }
    const started = Date.now();
    setTimeout(() => writeFileSync(go, ''), 300);
    const { peak } = await peakOpenFiles(() => jobs[JOBS - 1]!.wait());
    process.stdout.write(`[${qtype}] ${JOBS}-job graph: peak open files ${peak}, wait ${Date.now() - started} ms\n`);
    expect(peak).toBeLessThan(100);
    expect(jobs[JOBS - 1]!.state).toBe('completed');
    expect(jobs[JOBS - 1]!.stdout).toBe(`${JOBS - 1}\n`);
    // Every job it depended on ran first, and each was waited on (and its output read) once.
    for (const [i, job] of jobs.entries()) {
      await job.wait();
      expect(job.state, `g${i}`).toBe('completed');
      expect(job.stdout, `g${i}`).toBe(`${i}\n`);
    }
  });
}

describe('graph wait [local]', () => graphSuite('local'));
describeCluster('graph wait [slurm]', () => graphSuite('slurm'));
