/**
 * `job.stream()` and `job.waitUntil()` on every back-end (local, Slurm, Torque commands, Slurm
 * over SSH, where the files are read over SFTP): output arrives while the job runs, in full.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cancel, submit, type Job } from '../../src/api/index.js';
import { isFinal } from '../../src/types.js';
import { forEachBackend, testbedRemote } from '../behaviour/backends.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

useFileTempConfig('hpcq-stream-config-');

forEachBackend((backend) => {
  let filedir: string;
  const submitted: Job[] = [];
  const remote = backend.remote ? { remote: testbedRemote() } : {};
  const start = async (command: string): Promise<Job> => {
    const job = await submit(command, { qtype: backend.qtype, filedir, time: '5m', mem: 200, ...remote });
    submitted.push(job);
    return job;
  };

  beforeAll(async () => {
    filedir = await mkdtemp(join(tmpdir(), `hpcq-stream-${backend.qtype}-`));
  });
  afterAll(async () => {
    await cancel(submitted.filter((j) => j.id && !isFinal(j.state))).catch(() => {});
    await rm(filedir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('stream() yields the first line while the job still runs, then all of stdout and stderr', async () => {
    const job = await start('echo one; sleep 4; echo two >&2; echo "three é"');
    const seen: { stream: string; chunk: string; endedYet: boolean }[] = [];
    for await (const c of job.stream({ timeout: 90_000 })) seen.push({ ...c, endedYet: isFinal(job.state) });
    const text = (s: string): string => seen.filter((c) => c.stream === s).map((c) => c.chunk).join('');
    expect(text('stdout')).toBe('one\nthree é\n');
    expect(text('stderr')).toBe('two\n');
    // The first line came before the job had ended: it was followed, not read afterwards.
    expect(seen[0]).toMatchObject({ stream: 'stdout', chunk: 'one\n', endedYet: false });
    expect(job.state).toBe('completed');
  }, 120_000);

  it('waitUntil("running") resolves before the job ends; waitUntil("completed") rejects for a failed job', async () => {
    const job = await start('sleep 5; exit 3');
    await job.waitUntil('running', { timeout: 90_000 });
    expect(['running', 'completing']).toContain(job.state);
    await expect(job.waitUntil('completed', { timeout: 90_000 })).rejects.toThrow(/ended failed without reaching completed/);
    expect(job.exitCode).toBe(3);
  }, 120_000);
});
