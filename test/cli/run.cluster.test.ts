/**
 * The built `hpcq run` streams a job's output while it runs and exits with its exit code; Ctrl-C
 * typed on a real pseudo-terminal cancels the job, unless --detach.
 */
import { execFile, type ChildProcess } from 'node:child_process';
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
