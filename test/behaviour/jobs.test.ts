/**
 * Jobs end to end on every back-end (backends.ts): the diamond of commands and functions,
 * failure propagation, rich results, errors, submitFile, clean, and refusals.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancel, cleanDir, detectScheduler, makeJob, submit, submitFile, wait, type Job } from '../../src/api/index.js';
import { HpcqError, JobFailedError, SubmitError } from '../../src/errors.js';
import { parseStatusFile } from '../../src/core/status-file.js';
import { forEachBackend, testbedRemote, type BackendCase } from './backends.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

useFileTempConfig('hpcq-jobs-config-');

/** Bound every wait so a broken back-end fails the test instead of hanging it. */
const LIMIT = { timeout: 90_000 };

forEachBackend((backend: BackendCase) => {
  const grid = backend.qtype !== 'local';
  let filedir: string;
  const submitted: Job[] = [];
  const remote = backend.remote ? { remote: testbedRemote() } : {};
  const opts = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ qtype: backend.qtype, filedir, time: '5m', mem: 200, ...remote, ...extra });
  const track = <T extends Job>(job: T): T => (submitted.push(job), job);

  beforeAll(async () => {
    filedir = await mkdtemp(join(tmpdir(), `hpcq-jobs-${backend.qtype}-`));
  });
  afterAll(async () => {
    // Leave nothing running on the shared testbed.
    await cancel(submitted.filter((j) => j.id && !['completed', 'failed', 'cancelled'].includes(j.state))).catch(() => {});
    await rm(filedir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('runs a diamond a → (b, c) → d of commands and functions with every result right', async () => {
    const a = track(await submit('echo 21', opts({ maxQueueLen: 500 })));
    const b = track(await submit(function double(x: number) { return x * 2; }, opts({ args: [21], depends: a })));
    const c = track(await submit('printf "%s\\n" "$GREETING"', opts({ depends: [a], env: { GREETING: 'hello c' } })));
    const d = track(
      await submit(
        async function combine(n: number, when: Date) {
          await new Promise((r) => setTimeout(r, 10));
          return { n, when, map: new Map([['big', 2n ** 70n]]), nested: { list: [1, [2, { three: undefined }]], set: new Set(['x']) } };
        },
        opts({ args: [42, new Date('2030-01-02T03:04:05Z')], depends: { afterok: [b, c] } }),
      ),
    );
    const [ra, rb, rc, rd] = await Promise.all([a.get(LIMIT), b.get(LIMIT), c.get(LIMIT), d.get(LIMIT)]);
    expect(ra).toMatchObject({ exitCode: 0, stdout: '21\n', state: 'completed' });
    expect(rb.result).toBe(42);
    expect(rc.stdout).toBe('hello c\n');
    expect(rd.result).toEqual({ n: 42, when: new Date('2030-01-02T03:04:05Z'), map: new Map([['big', 2n ** 70n]]), nested: { list: [1, [2, { three: undefined }]], set: new Set(['x']) } });
    expect(d.exitCode).toBe(0);
  });

  it('reports the live state of a job nobody waited for', async () => {
    const a = track(await submit('echo parent', opts()));
    const b = track(await submit('echo child', opts({ depends: a })));
    expect(['pending', 'running', 'completing', 'completed']).toContain(a.state);
    await b.get(LIMIT);
    // b ran after a: the poller (or local runner) has seen a end, and a.state says so without a.wait().
    expect(a.state).toBe('completed');
    expect(a.exitCode).toBe(0);
  });

  it('ends the dependents of a failing job as cancelled / dependency_never_satisfied, promptly', async () => {
    const a = track(await submit('echo failing >&2; exit 3', opts()));
    const b = track(await submit('echo b', opts({ depends: a })));
    const c = track(await submit(() => 'c', opts({ depends: [a] })));
    const d = track(await submit('echo d', opts({ depends: [b, c] })));
    await wait([a, b, c, d], LIMIT);
    expect([a.state, a.exitCode]).toEqual(['failed', 3]);
    for (const j of [b, c, d]) expect([j.name, j.state, j.reason]).toEqual([j.name, 'cancelled', 'dependency_never_satisfied']);
    const err = await a.get().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JobFailedError);
    expect((err as JobFailedError).stderr).toContain('failing');
    // A dependency already known to have failed: the dependent is never submitted.
    const late = track(await submit('echo never', opts({ depends: a })));
    expect(late.id).toBeUndefined();
    expect(late.state).toBe('cancelled');
    await expect(late.get()).rejects.toMatchObject({ reason: 'dependency_never_satisfied' });
    // afternotok runs because a failed; afterok on a finished success is dropped from the directive.
    const rescue = track(await submit('echo rescued', opts({ depends: { afternotok: [a] } })));
    expect((await rescue.get(LIMIT)).stdout).toBe('rescued\n');
  });

  it('brings a thrown error to get() with the remote stack, and explains outer variables', async () => {
    const thrower = track(await submit(function explode(what: string) { throw new TypeError(`bad ${what}`); }, opts({ args: ['input'] })));
    const err = (await thrower.get(LIMIT).catch((e: unknown) => e)) as JobFailedError;
    expect(err).toBeInstanceOf(JobFailedError);
    expect(err.remoteError).toMatchObject({ name: 'TypeError', message: 'bad input' });
    expect(err.remoteError?.stack).toMatch(/explode/);
    const outer = 5;
    const closure = track(await submit(() => outer * 2, opts()));
    const err2 = (await closure.get(LIMIT).catch((e: unknown) => e)) as JobFailedError;
    expect(err2.remoteError?.message).toMatch(/outer is not defined.*isolation.*args/);
  });

  it('fails clearly when nodePath does not exist on the node', async () => {
    const job = track(await submit((x: number) => x, opts({ args: [1], nodePath: '/nonexistent/bin/node' })));
    const err = (await job.get(LIMIT).catch((e: unknown) => e)) as JobFailedError;
    expect(err).toBeInstanceOf(JobFailedError);
    expect(err.exitCode).toBe(127);
    expect(err.message).toMatch(/'\/nonexistent\/bin\/node' was not found/);
    // The shell's own words are quoted too.
    expect(err.stderr).toMatch(/No such file or directory|not found/);
  });

  it('cancels a running job; the wrapper records the signal in the status file', async () => {
    const job = track(await submit('sleep 120', opts()));
    // The status file appears when the wrapper starts: the job is running then.
    for (let i = 0; i < 600 && !existsSync(job.files.status); i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 300));
    await job.cancel();
    await job.wait(LIMIT);
    expect(job.state).toBe('cancelled');
    for (let i = 0; i < 100 && !/end=/.test(readFileSync(job.files.status, 'utf8')); i++) await new Promise((r) => setTimeout(r, 100));
    expect(parseStatusFile(readFileSync(job.files.status, 'utf8'))).toMatchObject({ signal: 15, exitCode: 143, finished: true });
    await expect(job.get()).rejects.toMatchObject({ state: 'cancelled' });
  });

  it('refuses unserialisable functions at makeJob and writes nothing', async () => {
    const before = await readdir(filedir);
    function add(a: number, b: number): number {
      return a + b;
    }
    expect(() => makeJob(add.bind(null, 1), opts())).toThrow(/native or bound/);
    class Point {
      #secret = 1;
      get secret(): number {
        return this.#secret;
      }
    }
    expect(() => makeJob(add, opts({ args: [new Point()] }))).toThrow(HpcqError);
    expect(await readdir(filedir)).toEqual(before);
  });

  it('submits a hand-written script with dependencies (submitFile)', async () => {
    const a = track(await submit('echo first', opts()));
    const marker = join(filedir, `submitfile-${backend.qtype}.txt`);
    const script = join(filedir, 'hand-written.sh');
    const directives = backend.hooks?.handScript(`${filedir}/hand.out`) ?? '';
    await writeFile(script, `#!/bin/bash\n${directives}echo done > ${marker}\n`);
    const job = track(await submitFile(script, { qtype: backend.qtype, depends: [a], dir: filedir, ...remote }));
    await job.wait(LIMIT);
    // A hand-written script has no hpcq status file: the scheduler's own record must say how it ended.
    expect(job.state).toBe('completed');
    expect(existsSync(marker)).toBe(true);
    expect(await job.clean({ deleteOutputs: true })).toEqual([]);
    expect(existsSync(script)).toBe(true);
  });

  it('cleans exactly the files a job wrote; a user lookalike survives', async () => {
    const dir = join(filedir, 'clean');
    await mkdir(dir);
    await writeFile(join(dir, 'notes.cluster.out'), 'my notes');
    await writeFile(join(dir, 'other.cluster.err'), 'mine too');
    const before = new Set(await readdir(dir));
    const job = track(await submit(function notes() { return 1; }, opts({ filedir: dir })));
    await job.get(LIMIT);
    expect(job.name).toBe('notes.1');
    // The ledger (.hpcq/ledger) records the submission; clean() removes it too, checked below.
    const written = (await readdir(dir)).filter((n) => !before.has(n) && n !== '.hpcq').map((n) => join(dir, n)).sort();
    expect(await job.clean({ deleteOutputs: true }).then((p) => p.sort())).toEqual(written);
    expect((await readdir(dir)).sort()).toEqual([...before].sort());
    // cleanDir: another job's files go, the user's files stay.
    const other = track(await submit('echo other', opts({ filedir: dir })));
    await other.get(LIMIT);
    expect(await cleanDir(dir, { dryRun: true })).toEqual(Object.values(other.files).filter((v, i, all) => all.indexOf(v) === i).sort());
    await cleanDir(dir);
    expect((await readdir(dir)).sort()).toEqual([...before].sort());
  });

  it('rejects an unknown dependency id with a typed error and leaves no files', async () => {
    const before = await readdir(filedir);
    const err = await submit('echo x', opts({ depends: ['987654321'] })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HpcqError);
    if (grid) {
      expect(err).toBeInstanceOf(SubmitError);
      expect((err as SubmitError).message).toMatch(/Unknown dependency.*987654321/);
      // Quotes the scheduler's own answer about that id.
      expect((err as SubmitError).stderr).toMatch(/invalid job id|unknown job|987654321/i);
    }
    expect(await readdir(filedir)).toEqual(before);
  });

  it('runs a job whose filedir, dir and name hold spaces, quotes, $() and backticks exactly as given', async () => {
    const odd = join(filedir, `odd dir 'q' "d" $(touch pwned) \`touch pwned2\`; é`);
    const work = join(odd, 'work ; dir');
    await mkdir(work, { recursive: true });
    const job = track(await submit('pwd; echo "$0"', opts({ filedir: join(odd, 'not yet'), dir: work, name: "it's \"$(x)\"" })));
    const out = await job.get(LIMIT);
    expect(out.stdout?.split('\n')[0]).toBe(work);
    expect(job.name).toBe("it's \"$(x)\"");
    const around = [...(await readdir(filedir)), ...(await readdir(odd)), ...(await readdir(process.cwd()))];
    expect(around.filter((n) => n.startsWith('pwned'))).toEqual([]);
  });

  it('cancels a job twice, and again after it ended, without an error', async () => {
    const job = track(await submit('sleep 60', opts()));
    await job.cancel();
    await job.cancel();
    await job.wait(LIMIT);
    await job.cancel();
    expect(job.state).toBe('cancelled');
  });

  it('fails a job whose module cannot be loaded instead of running without it', async () => {
    const job = track(await submit('echo ran', opts({ modules: ['hpcq_no_such_module'] })));
    const err = (await job.get(LIMIT).catch((e: unknown) => e)) as JobFailedError;
    expect(err).toBeInstanceOf(JobFailedError);
    expect(job.state).toBe('failed');
    expect(job.stdout ?? '').not.toContain('ran');
    expect(job.stderr).toContain('hpcq_no_such_module');
  });

  if (!grid) return;

  it('turns a refused submission (invalid partition) into a SubmitError quoting the scheduler', async () => {
    const before = await readdir(filedir);
    const err = (await submit('echo x', opts({ partition: 'no_such_partition' })).catch((e: unknown) => e)) as SubmitError;
    expect(err).toBeInstanceOf(SubmitError);
    expect(err.stderr).toMatch(/partition/i);
    expect(err.message).toContain(err.stderr.trim().split('\n')[0]!);
    expect(err.transient).toBe(false);
    expect(await readdir(filedir)).toEqual(before);
  });

  it("does not pass an enclosing job's variables to a new job", async () => {
    const saved = { ...process.env };
    // What an enclosing Slurm, Torque or Grid Engine job would have in its environment.
    const enclosing = { SLURM_JOB_ID: '424242', SBATCH_PARTITION: 'no_such_partition', SLURM_CPUS_PER_TASK: '64', PBS_JOBID: '7.fake', JOB_ID: '424242', SGE_TASK_ID: '9', NSLOTS: '64' };
    Object.assign(process.env, enclosing);
    try {
      const job = track(await submit(`echo "$${backend.hooks!.jobIdVar}"`, opts()));
      const out = await job.get(LIMIT);
      expect(out.stdout?.trim()).toBe(job.id);
    } finally {
      for (const key of Object.keys(enclosing)) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    }
  });


  it('waits for a job given by id that this process did not submit', async () => {
    const hooks = backend.hooks!;
    const script = join(filedir, 'by-id.sh');
    await writeFile(script, '#!/bin/bash\ntrue\n');
    const argv = hooks.rawSubmit(script, `${filedir}/by-id.out`);
    const id = hooks.rawId(execFileSync(argv[0]!, argv.slice(1), { encoding: 'utf8', cwd: filedir }));
    const [job] = await wait(id, { ...LIMIT, qtype: backend.qtype, ...remote });
    expect(job!.id).toBe(id);
    // Without an hpcq status file, the scheduler's history must know it completed.
    expect(job!.state).toBe('completed');
  });

  it('ends a job cancelled while pending as cancelled, and its dependent as dependency_never_satisfied', async () => {
    const a = track(await submit('echo never', opts({ extra: [backend.hooks!.hold] })));
    const b = track(await submit('echo b', opts({ depends: a })));
    await a.cancel();
    await wait([a, b], LIMIT);
    expect(a.state).toBe('cancelled');
    expect([b.state, b.reason]).toEqual(['cancelled', 'dependency_never_satisfied']);
  });

  describe('generated script accepted by the scheduler (issue 3)', () => {
    it("renders { cores: 2, mem: '1GB', time: '10m', partition: 'debug', name } into a job the scheduler takes as given", async () => {
      const name = "it's a $(test) job";
      const hooks = backend.hooks!;
      const job = track(await submit('echo x', { qtype: backend.qtype, filedir, cores: 2, mem: '1GB', time: '10m', partition: 'debug', name, extra: [hooks.hold], ...remote }));
      try {
        const argv = hooks.describe(job.id!);
        const text = execFileSync(argv[0]!, argv.slice(1), { encoding: 'utf8' });
        for (const re of hooks.described(name)) expect(text).toMatch(re);
      } finally {
        await job.cancel();
      }
    });
  });
});

describe('job API without a scheduler', () => {
  it('detects Slurm before Torque (slurm-wlm-torque installs both)', async () => {
    const has = (cmd: string): boolean => {
      try {
        execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    };
    expect(await detectScheduler()).toBe(has('sbatch') ? 'slurm' : has('qsub') ? 'torque' : 'local');
  });

  it('a Job not yet submitted can be cancelled and never waits', async () => {
    const job = makeJob('echo hi', { qtype: 'local', filedir: tmpdir() });
    expect(job.state).toBe('pending');
    await job.cancel();
    expect(job.state).toBe('cancelled');
    await expect(job.get()).rejects.toBeInstanceOf(JobFailedError);
  });
});
