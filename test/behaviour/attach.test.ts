/**
 * Picking jobs up from a new process, on every back-end (backends.ts): a child process submits
 * a command, a function and a failing command (and, on a batch scheduler, one still running
 * when it exits); this process then attaches to each by id and by submission key, and runs
 * `hpcq wait ID` in yet another process. The state, exit code, stdout, name and a function's
 * result must all come back, never `unknown`.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Job, attachJob, cancel, wait } from '../../src/api/index.js';
import { JobFailedError } from '../../src/errors.js';
import { listRecords } from '../../src/ledger/index.js';
import { hostFor } from '../../src/util/host-for.js';
import { runBin } from '../helpers/bin.js';
import { useFileTempConfig } from '../helpers/temp-config.js';
import { forEachBackend, testbedRemote, type BackendCase } from './backends.js';

const config = useFileTempConfig('hpcq-attach-all-');
const LIMIT = { timeout: 120_000 };

/** The child's script: submit, wait for all but the late one, print the ids. */
function childScript(backend: BackendCase, filedir: string, remote: unknown): string {
  const dist = pathToFileURL(resolve('dist/index.js')).href;
  const base = { qtype: backend.qtype, filedir, ...(backend.qtype === 'local' ? {} : { time: '5m', mem: 100 }), ...(remote ? { remote } : {}) };
  const late = backend.qtype === 'local' ? 'undefined' : `await submit('sleep 8; echo late', { ...o, name: 'late' })`;
  return `import { submit, wait } from ${JSON.stringify(dist)};
const o = ${JSON.stringify(base)};
const greet = await submit('echo hello; echo warn >&2', { ...o, name: 'greet' });
const cube = await submit(function cube(x) { return { value: x ** 3 }; }, { ...o, args: [3] });
const broken = await submit('echo partial; exit 4', { ...o, name: 'broken' });
const late = ${late};
await wait([greet, cube, broken], { timeout: 120000 });
console.log(JSON.stringify({ greet: greet.id, cube: cube.id, broken: broken.id, late: late?.id }));
process.exit(0);
`;
}

forEachBackend((backend: BackendCase) => {
  const remote = backend.remote ? testbedRemote() : undefined;
  const target = { qtype: backend.qtype, ...(remote ? { remote } : {}) };
  let filedir = '';
  let ids: { greet: string; cube: string; broken: string; late?: string } = { greet: '', cube: '', broken: '' };

  beforeAll(async () => {
    if (!existsSync(resolve('dist/index.js'))) throw new Error('dist/index.js missing: run npm run build (npm test does it first)');
    filedir = await mkdtemp(join(tmpdir(), `hpcq-attach-${backend.qtype}-`));
    const script = join(config.dir, `${backend.name.replace(/\W+/g, '-')}.mjs`);
    await writeFile(script, childScript(backend, filedir, remote));
    const { stdout } = await promisify(execFile)(process.execPath, [script], { timeout: 180_000 });
    ids = JSON.parse(stdout.trim().split('\n').pop()!);
  }, 200_000);
  afterAll(async () => {
    if (ids.late) await cancel([ids.late], target).catch(() => undefined);
    await rm(filedir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('attaches by id to the ended jobs of another process: state, exit code, stdout, name, result', async () => {
    const greet = await attachJob(ids.greet, { filedir, ...target });
    expect(greet.name).toBe('greet');
    expect(await greet.get(LIMIT)).toMatchObject({ state: 'completed', exitCode: 0, stdout: 'hello\n', stderr: 'warn\n' });
    const cube = await attachJob(ids.cube, { filedir, ...target });
    expect(cube.name).toBe('cube');
    expect((await cube.get(LIMIT)).result).toEqual({ value: 27 });
    const broken = await attachJob(ids.broken, { filedir, ...target });
    const err = await broken.get(LIMIT).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JobFailedError);
    expect(err).toMatchObject({ state: 'failed', exitCode: 4 });
    expect(broken).toMatchObject({ name: 'broken', state: 'failed', exitCode: 4, stdout: 'partial\n' });
  }, 150_000);

  it('Job.attach by submission key, and wait(id) from a new process reads the same end', async () => {
    const records = await listRecords(await hostFor(remote), filedir);
    const byName = new Map(records.map((r) => [r.name, r]));
    const cube = await Job.attach(byName.get('cube')!.key, { filedir, ...(remote ? { remote } : {}) });
    expect(cube).toBeInstanceOf(Job);
    expect(cube.id).toBe(ids.cube);
    expect((await cube.get(LIMIT)).result).toEqual({ value: 27 });
    const [greet, broken] = await wait([ids.greet, ids.broken], { ...target, filedir, ...LIMIT });
    expect(greet).toMatchObject({ name: 'greet', state: 'completed', exitCode: 0, stdout: 'hello\n' });
    expect(broken).toMatchObject({ name: 'broken', state: 'failed', exitCode: 4, stdout: 'partial\n' });
  }, 150_000);

  it('`hpcq wait ID` in a new process prints each end and exits 1 for the failed one', async () => {
    const ssh = remote ? ['--remote', `ssh://${remote.username}@${remote.host}:${remote.port}`, '--identity-file', remote.identityFile, '--known-hosts', remote.knownHosts] : [];
    const flags = ['--qtype', backend.qtype, ...ssh];
    const env = { HPCQ_CONFIG: config.file };
    const ok = await runBin('main', ['wait', ...flags, ids.greet, ids.cube], { cwd: filedir, env });
    expect(ok.err).not.toMatch(/unknown/);
    expect(ok.out.trim().split('\n').sort()).toEqual([`${ids.greet}\tcompleted`, `${ids.cube}\tcompleted`].sort());
    expect(ok.code).toBe(0);
    // Named by --filedir from elsewhere, as by the working directory.
    const bad = await runBin('main', ['wait', ...flags, '--filedir', filedir, ids.broken], { cwd: config.dir, env });
    expect(bad.out).toBe(`${ids.broken}\tfailed\tnonzero_exit\n`);
    expect(bad.code).toBe(1);
  }, 150_000);

  if (backend.qtype !== 'local') {
    it('attaches to a job still running after its submitter exited and follows it to its end', async () => {
      const late = await attachJob(ids.late!, { filedir, ...target });
      expect(late.name).toBe('late');
      expect(late.state).not.toBe('unknown');
      expect(await late.get(LIMIT)).toMatchObject({ state: 'completed', exitCode: 0, stdout: 'late\n' });
    }, 150_000);
  }
});
