/**
 * Every file hpcq writes is 0600 and every directory it creates 0700, under the usual umask 022,
 * on every back-end: locally, on Slurm, on the Torque commands and over SFTP (the testbed's
 * loopback sshd, so the files it wrote over SFTP are looked at here directly). The job's own
 * command still creates its files under the user's umask.
 */
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cancel, submit, type Job } from '../../src/api/index.js';
import { forEachBackend, testbedRemote, type BackendCase } from '../behaviour/backends.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

useFileTempConfig('hpcq-modes-config-');
const LIMIT = { timeout: 90_000 };

/** Mode bits of every entry under `dir` (relative path → mode), directories included. */
function modes(dir: string, prefix = ''): Map<string, number> {
  const out = new Map<string, number>();
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = lstatSync(path);
    out.set(prefix + name, st.mode & 0o777);
    if (st.isDirectory()) for (const [k, v] of modes(path, `${prefix}${name}/`)) out.set(k, v);
  }
  return out;
}

forEachBackend((backend: BackendCase) => {
  let base = '';
  let oldUmask = 0;
  const jobs: Job[] = [];
  const remote = backend.remote ? { remote: testbedRemote() } : {};

  beforeAll(async () => {
    oldUmask = process.umask(0o022);
    base = await mkdtemp(join(tmpdir(), `hpcq-modes-${backend.qtype}-`));
  });
  afterAll(async () => {
    process.umask(oldUmask);
    await cancel(jobs.filter((j) => j.id && !['completed', 'failed', 'cancelled'].includes(j.state))).catch(() => {});
    await rm(base, { recursive: true, force: true, maxRetries: 5 });
  });

  it('writes job files, payloads, logs and status 0600 in new 0700 directories', async () => {
    const filedir = join(base, 'new', 'jobs');
    const opts = { qtype: backend.qtype, filedir, dir: base, time: '5m', mem: 200, ...remote };
    const cmd = await submit('echo out; echo err >&2; echo data > made-by-the-command.txt', { ...opts, env: { API_TOKEN: 'tok' } });
    jobs.push(cmd);
    const fn = await submit((x: number) => x + 1, { ...opts, args: [1] });
    jobs.push(fn);
    const [rc, rf] = await Promise.all([cmd.get(LIMIT), fn.get(LIMIT)]);
    expect(rc).toMatchObject({ exitCode: 0, stdout: 'out\n', stderr: 'err\n' });
    expect(rf.result).toBe(2);

    const found = modes(join(base, 'new'));
    // The ledger's directories (one record per submission in jobs/.hpcq/ledger) are hpcq's too.
    const dirs = ['jobs', 'jobs/.hpcq', 'jobs/.hpcq/ledger'];
    expect(dirs.map((d) => found.get(d))).toEqual([0o700, 0o700, 0o700]);
    const files = [...found].filter(([p]) => !dirs.includes(p));
    // Script(s), runner, input and output payloads, stdout, stderr and status of both jobs, and their 2 ledger records.
    expect(files.length).toBeGreaterThanOrEqual(backend.qtype === 'slurm' ? 15 : 13);
    expect(Object.fromEntries(files.filter(([, m]) => m !== 0o600))).toEqual({});
    expect(found.get('jobs')).toBe(0o700);
    expect(statSync(join(base, 'new')).mode & 0o777).toBe(0o700);
    // The command's own files follow the user's umask, not hpcq's.
    expect(statSync(join(base, 'made-by-the-command.txt')).mode & 0o777).toBe(0o644);
  });
});
