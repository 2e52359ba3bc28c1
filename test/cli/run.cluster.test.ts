/** The built `hpcq run` streams a job's output while it runs, exits with its exit code, and Ctrl-C cancels the job. */
import { execFile, execFileSync, type ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { builtBin } from '../helpers/bin.js';
import { describeCluster, testbed } from '../helpers/cluster.js';
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

/** Resolves once `text()` matches, i.e. when the process printed it (the test's own timeout bounds it). */
async function printed(text: () => string, pattern: RegExp): Promise<void> {
  while (!pattern.test(text())) await new Promise((r) => setTimeout(r, 50));
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

  it('Ctrl-C cancels the job (exit 130)', async () => {
    const run = start(['--qtype', 'slurm', '--partition', testbed!.partition, 'sh', '-c', 'echo started; sleep 120']);
    await printed(run.out, /started\n/);
    const id = /slurm job (\d+) submitted/.exec(run.err())![1]!;
    run.child.kill('SIGINT');
    expect(await run.closed).toBe(130);
    expect(run.err()).toContain(`cancelling job ${id}`);
    const state = (): string => /JobState=(\w+)/.exec(execFileSync('scontrol', ['show', 'job', '-o', id], { encoding: 'utf8' }))?.[1] ?? '';
    await printed(state, /^CANCELLED$/);
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
