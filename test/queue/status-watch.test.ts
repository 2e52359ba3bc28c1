// The status watch: a directory with many watched files (an array's tasks) is listed once per
// tick and only the files that exist are stat'ed; a few files are stat'ed one by one.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TrackedJob } from '../../src/queue/resolve.js';
import { StatusWatch } from '../../src/queue/status-watch.js';
import type { Host } from '../../src/util/host.js';
import { createLocalHost } from '../../src/util/local-host.js';

const FINISHED = '# hpcq job status\nstart=1\nhost=vm\nexit=0\nend=2\n';

/** This machine's host, counting stat and list calls. */
function countingHost(): Host & { stats: number; lists: number } {
  const host = createLocalHost();
  const counted = Object.assign(Object.create(host) as Host, { stats: 0, lists: 0 });
  counted.stat = (p) => (counted.stats++, host.stat(p));
  counted.list = (d) => (counted.lists++, host.list(d));
  return counted;
}

/** Watch `jobs` until `want` of them are reported finished; the ids reported, in order. */
function watchUntil(host: Host, jobs: TrackedJob[], want: number): Promise<string[]> {
  return new Promise((resolve) => {
    const ended: string[] = [];
    const watch = new StatusWatch(host, {
      jobs: () => jobs.filter((j) => !j.status?.finished),
      onFinished: (job) => {
        ended.push(job.id);
        if (ended.length === want) (watch.stop(), resolve(ended));
      },
      hasWaiters: () => true,
    });
    watch.start();
  });
}

describe('status watch', () => {
  let dir: string;
  beforeEach(async () => void (dir = await mkdtemp(join(tmpdir(), 'hpcq-watch-'))));
  afterEach(() => rm(dir, { recursive: true, force: true, maxRetries: 5 }));
  const jobsOf = (n: number): TrackedJob[] => Array.from({ length: n }, (_, t) => ({ id: `7_${t}`, since: 0, statusFile: join(dir, `a.cluster.${t}.status`) }));

  it('lists a directory of 200 watched files and stats only the ones that exist', async () => {
    const host = countingHost();
    const jobs = jobsOf(200);
    await writeFile(jobs[17]!.statusFile!, FINISHED);
    await writeFile(jobs[150]!.statusFile!, FINISHED);
    expect((await watchUntil(host, jobs, 2)).sort()).toEqual(['7_150', '7_17']);
    expect(host.lists).toBeGreaterThanOrEqual(1);
    // One tick found both: two stats, not 200.
    expect(host.stats).toBeLessThanOrEqual(2 * host.lists);
  });

  it('stats each file of a small directory without listing it', async () => {
    const host = countingHost();
    const jobs = jobsOf(3);
    await writeFile(jobs[1]!.statusFile!, FINISHED);
    expect(await watchUntil(host, jobs, 1)).toEqual(['7_1']);
    expect(host.lists).toBe(0);
    expect(host.stats).toBeGreaterThanOrEqual(3);
  });
});
