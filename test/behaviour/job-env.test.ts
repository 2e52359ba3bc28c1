/** The portable HPCQ_* variables inside a plain job and an array task, on every back-end. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { map, submit } from '../../src/api/index.js';
import { forEachBackend, testbedRemote, type BackendCase } from './backends.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

useFileTempConfig('hpcq-jobenv-config-');

const LIMIT = { timeout: 90_000 };
const SHOW = 'for v in JOB_ID JOB_NAME ARRAY_INDEX ARRAY_COUNT NODES CORES SUBMIT_DIR; do eval "echo $v=\\${HPCQ_$v-unset}"; done';

function vars(stdout: string | undefined): Record<string, string> {
  return Object.fromEntries((stdout ?? '').trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

forEachBackend((backend: BackendCase) => {
  let filedir: string;
  const remote = backend.remote ? { remote: testbedRemote() } : {};
  const opts = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ qtype: backend.qtype, filedir, time: '5m', mem: 100, cores: 2, ...remote, ...extra });

  beforeAll(async () => {
    filedir = await mkdtemp(join(tmpdir(), `hpcq-jobenv-${backend.qtype}-`));
  });
  afterAll(async () => {
    await rm(filedir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('sets the same variables in a plain job', async () => {
    const job = await submit(SHOW, opts({ name: 'envjob' }));
    const v = vars((await job.get(LIMIT)).stdout);
    expect(v).toMatchObject({ JOB_ID: job.id!.replace(/\..*$/, ''), JOB_NAME: 'envjob', ARRAY_INDEX: '', ARRAY_COUNT: '', CORES: '2' });
    expect(v.NODES).toMatch(/\S/);
    expect(v.SUBMIT_DIR).toMatch(/^\//);
  });

  it('numbers array tasks from 0 with the task count', async () => {
    const arr = await map(`${SHOW} # {item}`, ['a', 'b'], opts({ name: 'envarr' }));
    await arr.results(LIMIT);
    const got = arr.tasks.map((t) => vars(t.stdout));
    expect(got.map((v) => [v.JOB_NAME, v.ARRAY_INDEX, v.ARRAY_COUNT, v.CORES])).toEqual([
      ['envarr', '0', '2', '2'],
      ['envarr', '1', '2', '2'],
    ]);
    expect(got.every((v) => /\S/.test(v.JOB_ID!) && /\S/.test(v.NODES!))).toBe(true);
  });
});
