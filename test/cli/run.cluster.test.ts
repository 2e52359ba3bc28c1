/**
 * The built `hpcq run` streams a job's output while it runs and exits with its exit code; Ctrl-C
 * typed on a real pseudo-terminal cancels the job, unless --detach.
 */
import { execFile, execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { builtBin } from '../helpers/bin.js';
import { describeCluster, testbed } from '../helpers/cluster.js';
import { printed, startOnPty, type PtyRun } from '../helpers/pty.js';
import { cancelAndSettle, endedState, slurmState } from '../helpers/slurm-jobs.js';
import { useTempConfig } from '../helpers/temp-config.js';

const cfg = useTempConfig('hpcq-cli-run-');

/** Start `hpcq run ...` in the temp folder; collects stdout and stderr. */
function start(args: string[]): { child: ChildProcess; out: () => string; err: () => string; closed: Promise<number | null> } {
  const child = execFile(process.execPath, [builtBin('main'), 'run', '--filedir', cfg.dir, ...args], { cwd: cfg.dir, env: { ...process.env, HPCQ_CONFIG: cfg.file } });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += String(d)));
  child.stderr!.on('data', (d: Buffer) => (err += String(d)));
  const closed = new Promise<number | null>((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : null))));
  return { child, out: () => out, err: () => err, closed };
}

describe('hpcq run --qtype local', () => {
  it('prints the first line before the job ends, then the rest', async () => {
    const run = start(['--qtype', 'local', 'sh', '-c', 'echo one; sleep 2; echo two']);
    await printed(run.out, /^one\n/);
    expect(run.child.exitCode).toBeNull();
    expect(await run.closed).toBe(0);
    expect(run.out()).toBe('one\ntwo\n');
  });
});

describe('hpcq run --qtype local on a terminal', () => {
  it('Ctrl-C stops the local job with hpcq, also with --detach, and says so (exit 130)', async () => {
    const run = startOnPty(['run', '--filedir', cfg.dir, '--qtype', 'local', '--detach', 'sh', '-c', 'echo pid $$; sleep 300'], { cwd: cfg.dir, env: { HPCQ_CONFIG: cfg.file } });
    await printed(run.screen, /pid \d+/);
    const pid = Number(/pid (\d+)/.exec(run.screen())![1]);
    run.type('\x03');
    expect(await run.closed).toBe(130);
    const id = /local job (\d+) submitted/.exec(run.screen())![1];
    expect(run.screen()).toContain(`local job ${id} ends with hpcq (--detach needs a batch scheduler)`);
    await until(() => !alive(pid));
  });
});

/** Whether a process with this id exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves once `check()` holds (the test's own timeout bounds it). */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 50));
}

describeCluster('hpcq run on Slurm', () => {
  it('streams stdout and stderr while the job runs and exits with its exit code', async () => {
    const run = start(['--qtype', 'slurm', '--partition', testbed!.partition, 'sh', '-c', 'echo one; sleep 3; echo two >&2; exit 3']);
    await printed(run.out, /^one\n/);
    expect(run.child.exitCode).toBeNull();
    expect(await run.closed).toBe(3);
    expect(run.out()).toBe('one\n');
    expect(run.err()).toMatch(/^hpcq: slurm job \d+ submitted\n/);
    expect(run.err()).toContain('two\n');
  });

  const started: string[] = [];
  afterEach(async () => {
    await cancelAndSettle(started.splice(0));
  });

  /** `hpcq run` of a long job on a pseudo-terminal; resolves once it said the job was submitted. */
  async function runOnPty(...flags: string[]): Promise<{ run: PtyRun; id: string }> {
    const run = startOnPty(['run', '--filedir', cfg.dir, '--qtype', 'slurm', '--partition', testbed!.partition, ...flags, 'sh', '-c', 'echo started; sleep 300'], { cwd: cfg.dir, env: { HPCQ_CONFIG: cfg.file } });
    await printed(run.screen, /slurm job \d+ submitted/);
    const id = /slurm job (\d+) submitted/.exec(run.screen())![1]!;
    started.push(id);
    return { run, id };
  }

  it('Ctrl-C on the terminal cancels the job (exit 130); Slurm shows it cancelled', async () => {
    const { run, id } = await runOnPty();
    run.type('\x03');
    expect(await run.closed).toBe(130);
    expect(run.screen()).toContain(`cancelling job ${id}`);
    expect(await endedState(id)).toBe('CANCELLED');
  });

  it('with --detach, Ctrl-C leaves the job queued or running and prints its id (exit 0)', async () => {
    const { run, id } = await runOnPty('--detach');
    run.type('\x03');
    expect(await run.closed).toBe(0);
    expect(run.screen()).toMatch(new RegExp(`detached; job ${id} keeps running`));
    // Still alive after hpcq has gone: nothing cancelled it on the way out.
    await new Promise((r) => setTimeout(r, 2000));
    expect(slurmState(id)).toMatch(/^(PENDING|RUNNING|CONFIGURING)$/);
  });

  it('Ctrl-C while sbatch is still accepting the job cancels it once its id is known (exit 130)', async () => {
    // An sbatch first on PATH that ignores SIGINT (as does the real one it then runs) and is slow
    // to answer: the Ctrl-C lands while hpcq is waiting for the job id.
    const bin = join(cfg.dir, 'slow-sbatch');
    mkdirSync(bin, { recursive: true });
    const mark = join(bin, 'started');
    const real = execFileSync('sh', ['-c', 'command -v sbatch'], { encoding: 'utf8' }).trim();
    writeFileSync(join(bin, 'sbatch'), `#!/bin/sh\ntrap '' INT\n: > '${mark}'\nsleep 2\nexec '${real}' "$@"\n`);
    chmodSync(join(bin, 'sbatch'), 0o755);
    const run = startOnPty(['run', '--filedir', cfg.dir, '--qtype', 'slurm', '--partition', testbed!.partition, 'sh', '-c', 'echo started; sleep 300'], { cwd: cfg.dir, env: { HPCQ_CONFIG: cfg.file, PATH: `${bin}:${process.env.PATH}` } });
    await until(() => existsSync(mark));
    run.type('\x03');
    expect(await run.closed).toBe(130);
    const id = /slurm job (\d+) submitted/.exec(run.screen())?.[1];
    expect(id, run.screen()).toBeDefined();
    started.push(id!);
    expect(run.screen()).toContain(`cancelling job ${id}`);
    expect(await endedState(id!)).toBe('CANCELLED');
  });
});

describeCluster('hpcq run and submit --follow over --remote', () => {
  const remote = (): string[] => {
    const tb = testbed!;
    return ['--remote', `ssh://${tb.user}@${tb.host}:${tb.port}`, '--identity-file', tb.keyPath, '--known-hosts', tb.knownHostsFile!];
  };

  it('hpcq run --remote streams the job files over SFTP while the job runs', async () => {
    const run = start(['--qtype', 'slurm', '--partition', testbed!.partition, ...remote(), 'sh', '-c', 'echo one; sleep 3; echo two']);
    await printed(run.out, /^one\n/);
    expect(run.child.exitCode).toBeNull();
    expect(await run.closed).toBe(0);
    expect(run.out()).toBe('one\ntwo\n');
  });

  it('hpcq submit --follow --remote prints the id, then the output, and exits with the exit code', async () => {
    const child = execFile(process.execPath, [builtBin('main'), 'submit', '--follow', '--filedir', cfg.dir, '--qtype', 'slurm', '--partition', testbed!.partition, ...remote(), 'sh', '-c', 'echo out; echo err >&2; exit 4'], { cwd: cfg.dir, env: { ...process.env, HPCQ_CONFIG: cfg.file } });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => (out += String(d)));
    child.stderr!.on('data', (d: Buffer) => (err += String(d)));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(4);
    expect(out).toMatch(/^\d+\t\S+\tslurm\nout\n$/);
    expect(err).toContain('err\n');
  });
});
