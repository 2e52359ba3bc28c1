/**
 * Queue({ since }) over recorded testbed output: a job squeue shows ended that the window query
 * (`sacct --starttime`) left out gets its exit code from accounting by id.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Queue } from '../../src/queue/index.js';
import { createFakeHost } from '../helpers/fake-host.js';

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'slurm', name), 'utf8');
// Recorded under load: the window answer lacks the jobs of its last seconds.
const WINDOW = fixture('testbed-sacct-P-since-window-missing-ended.txt');
// Job 29001 (`exit 5`) after its end: squeue's lingering row has no exit code, sacct -j has 5:0.
const SQUEUE = fixture('testbed-squeue-hpcq-format-failed-lingering.txt');
const BY_ID = fixture('testbed-sacct-P-jobs-failed-exit5.txt');

// Schedulers are shared per host name: each test has a host of its own.
/** A host answering squeue and both sacct forms from the recordings. */
function recordedHost() {
  return createFakeHost({
    squeue: () => ({ stdout: SQUEUE }),
    sacct: (argv) => {
      if (argv.some((a) => a.startsWith('--starttime='))) return { stdout: WINDOW };
      return argv.includes('--jobs=29001') ? { stdout: BY_ID } : { stdout: BY_ID.split('\n')[0] + '\n' };
    },
  }, 'recorded-window');
}

describe('Queue({ since }) with a window answer that lacks an ended job', () => {
  it('asks accounting for that job by id and shows its exit code', async () => {
    const host = recordedHost();
    const queue = await new Queue({ qtype: 'slurm', host, user: 'all', since: '2026-12-01T14:34:52' }).update();
    expect(queue.jobs.get('29001')).toMatchObject({ state: 'failed', reason: 'nonzero_exit', exitCode: 5 });
    // The window's own rows are kept as they were.
    expect(queue.jobs.get('28069_11')).toMatchObject({ state: 'completed', exitCode: 0 });
    expect(queue.jobs.get('28081_[0-3%1]')?.state).toBe('pending');
    const sacct = host.calls.filter((c) => c.argv[0] === 'sacct').map((c) => c.argv.find((a) => a.startsWith('--jobs=') || a.startsWith('--starttime=')));
    expect(sacct).toEqual(['--starttime=2026-12-01T14:34:52', '--jobs=29001']);
  });

  it('makes no second call when the window has every ended job squeue lists', async () => {
    const host = createFakeHost({ squeue: () => ({ stdout: SQUEUE }), sacct: () => ({ stdout: BY_ID }) }, 'recorded-complete');
    const queue = await new Queue({ qtype: 'slurm', host, user: 'all', since: '2026-12-01T15:00:00' }).update();
    expect(queue.jobs.get('29001')?.exitCode).toBe(5);
    expect(host.calls.filter((c) => c.argv[0] === 'sacct')).toHaveLength(1);
  });
});
