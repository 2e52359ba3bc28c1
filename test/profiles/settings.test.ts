/**
 * The default settings ([queue], [jobs]) are exactly those hpcq reads, and each one changes
 * what hpcq does. The seed's [jobs] clean_files / clean_outputs were written into every new
 * config and read by nothing; they are gone, and a config that still has them keeps working.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from 'ini';
import { describe, expect, it } from 'vitest';
import { makeJob } from '../../src/api/index.js';
import { getOption, setOption } from '../../src/profiles/index.js';
import { maxJobs, outageDeadlineMs, pollTimeoutMs, queueUpdateMs } from '../../src/queue/settings.js';
import { useTempConfig } from '../helpers/temp-config.js';

const cfg = useTempConfig('hpcq-settings-');

describe('config settings', () => {
  it('the defaults hold only [queue] max_jobs, queue_update, outage_deadline, poll_timeout and [jobs] suffix, and an edit writes no other', () => {
    expect(getOption('queue')).toEqual({ max_jobs: 1000, queue_update: 2, outage_deadline: 3600, poll_timeout: 20 });
    expect(getOption('jobs')).toEqual({ suffix: 'cluster' });
    setOption('jobs', 'suffix', 'cluster');
    const written = readFileSync(cfg.file, 'utf8');
    expect(written).not.toMatch(/clean_files|clean_outputs/);
    expect((decode(written) as Record<string, Record<string, unknown>>).jobs).toEqual({ suffix: 'cluster' });
  });

  it('each setting changes what hpcq does', () => {
    setOption('queue', 'max_jobs', 7);
    setOption('queue', 'queue_update', 3);
    setOption('queue', 'outage_deadline', 600);
    setOption('queue', 'poll_timeout', 5);
    setOption('jobs', 'suffix', 'zz');
    setOption('jobs', 'filedir', join(cfg.dir, 'jobs'));
    expect(maxJobs()).toBe(7);
    expect(queueUpdateMs()).toBe(3000);
    expect(outageDeadlineMs()).toBe(600_000);
    expect(pollTimeoutMs()).toBe(5000);
    expect(makeJob('true', { qtype: 'local' }).files.submit).toBe(join(cfg.dir, 'jobs', 'true.zz'));
  });

  it('a config written with clean_files and clean_outputs still reads', () => {
    writeFileSync(cfg.file, '[prof_default]\nnodes = 1\n[jobs]\nsuffix = cluster\nclean_files = true\nclean_outputs = false\n');
    expect(getOption('jobs', 'clean_files')).toBe(true);
    expect(makeJob('true', { qtype: 'local', filedir: cfg.dir }).files.submit).toBe(join(cfg.dir, 'true.cluster'));
  });
});
