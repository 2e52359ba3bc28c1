/**
 * The testbed itself: a real sbatch job runs, writes its output file and shows up in sacct;
 * the loopback sshd lets the testbed key in. If these fail, every cluster test would.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLocalHost } from '../../src/util/local-host.js';
import { TESTBED_DIR, describeCluster, testbed } from '../helpers/cluster.js';

const host = createLocalHost();
// Root may raise priority: these sanity jobs jump other test files' queues, not their CPUs.
const URGENT = '--nice=-1000';
const FINAL = /^(COMPLETED|FAILED|CANCELLED|TIMEOUT|OUT_OF_MEMORY|NODE_FAIL|PREEMPTED|BOOT_FAIL|DEADLINE)/;

/** Poll sacct (every 500 ms, at most `limitMs`: other test files may fill the queue) until the job's allocation row is final. */
async function waitForSacct(id: string, limitMs = 110_000): Promise<string[]> {
  const until = Date.now() + limitMs;
  for (;;) {
    const r = await host.run(['sacct', '-j', id, '-X', '-P', '-n', '-o', 'JobID,State,ExitCode']);
    const row = r.stdout.trim().split('\n').find((l) => l.startsWith(`${id}|`));
    if (row && FINAL.test(row.split('|')[1] ?? '')) return row.split('|');
    if (Date.now() > until) throw new Error(`job ${id} not final after ${limitMs} ms; sacct said: ${r.stdout}${r.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describeCluster('testbed plumbing', () => {
  let dir = '';
  const submitted: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hpcq-plumbing-'));
  });

  afterAll(async () => {
    if (submitted.length) await host.run(['scancel', ...submitted]);
    if (dir) await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('runs an sbatch job that writes its output file and is COMPLETED 0:0 in sacct', async () => {
    const script = join(dir, 'hello.sbatch');
    const out = join(dir, 'hello.out');
    await writeFile(script, '#!/bin/bash\necho "hello from $SLURM_JOB_ID on $(hostname -s)"\n');
    const r = await host.run(['sbatch', '--parsable', URGENT, '-J', 'hpcq-plumbing', '-o', out, '-D', dir, script]);
    expect(r.exitCode, r.stderr).toBe(0);
    const id = r.stdout.trim().split(';')[0]!;
    expect(id).toMatch(/^\d+$/);
    submitted.push(id);

    const [jobId, state, exitCode] = await waitForSacct(id);
    expect({ jobId, state, exitCode }).toEqual({ jobId: id, state: 'COMPLETED', exitCode: '0:0' });
    expect(await readFile(out, 'utf8')).toBe(`hello from ${id} on ${testbed!.node}\n`);
  });

  it('ends a job that exceeds --mem as OUT_OF_MEMORY when the testbed runs in cgroup mode', async (ctx) => {
    const mode = testbed!.cgroupMode ?? (await host.readFile(join(TESTBED_DIR, 'cgroup-mode')))?.trim();
    if (mode !== 'cgroup') ctx.skip();
    const r = await host.run([
      'sbatch', '--parsable', URGENT, '-J', 'hpcq-plumbing-oom', '--mem=64M', '-o', '/dev/null', '-D', dir,
      '--wrap', 'python3 -c "b = bytearray(512 * 1024 * 1024)" || perl -e \'$x = "a" x (512 * 1024 * 1024)\'',
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    const id = r.stdout.trim();
    submitted.push(id);
    const [, state, exitCode] = await waitForSacct(id);
    // Slurm 22.05 reports the cgroup OOM kill as state OUT_OF_MEMORY, exit code 0:125.
    expect({ state, exitCode }).toEqual({ state: 'OUT_OF_MEMORY', exitCode: '0:125' });
  });

  it('lets the testbed key log in to the loopback sshd with a strict host key check', async () => {
    const known = join(dir, 'known_hosts');
    await writeFile(known, `${testbed!.knownHosts}\n`);
    const r = await host.run(
      [
        'ssh', '-i', testbed!.keyPath, '-p', String(testbed!.port),
        '-o', 'BatchMode=yes', '-o', 'IdentitiesOnly=yes', '-o', 'StrictHostKeyChecking=yes',
        '-o', `UserKnownHostsFile=${known}`, `${testbed!.user}@${testbed!.host}`,
        'echo "$(whoami) sees $(command -v sbatch)"',
      ],
      { timeoutMs: 30_000 },
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('root sees /usr/bin/sbatch');
  });
});
