/**
 * The end states hpcq must recognise, produced for real on the testbed and read back from
 * sacct (Slurm 22.05): FAILED, CANCELLED, and through slurm-wlm-torque's qsub/qstat/qdel.
 * TIMEOUT takes over a minute, spent while the other test files run;
 * NODE_FAIL runs in the isolated phase (node-fail.isolated.test.ts).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLocalHost } from '../../src/util/local-host.js';
import { describeCluster } from '../helpers/cluster.js';

const host = createLocalHost();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** sacct's allocation row (State, ExitCode) once State matches `want`, polling every 500 ms. */
async function sacctRow(id: string, want: RegExp, limitMs = 110_000): Promise<{ state: string; exitCode: string }> {
  const until = Date.now() + limitMs;
  let last = '';
  while (Date.now() < until) {
    const r = await host.run(['sacct', '-j', id, '-X', '-P', '-n', '-o', 'State,ExitCode']);
    last = r.stdout.trim();
    const [state = '', exitCode = ''] = last.split('\n')[0]!.split('|');
    if (want.test(state)) return { state, exitCode };
    await sleep(500);
  }
  throw new Error(`job ${id}: sacct never showed ${want}; last: ${last}`);
}

describeCluster('testbed end states', () => {
  let dir = '';
  const submitted: string[] = [];
  const sbatch = async (...args: string[]): Promise<string> => {
    // Root may raise priority: these jobs jump other test files' queues, not their CPUs.
    const r = await host.run(['sbatch', '--parsable', '--nice=-1000', '-o', '/dev/null', '-D', dir, ...args]);
    expect(r.exitCode, r.stderr).toBe(0);
    submitted.push(r.stdout.trim());
    return r.stdout.trim();
  };
  const waitRunning = async (id: string) => {
    for (let i = 0; i < 220 && (await host.run(['squeue', '-h', '-j', id, '-o', '%T'])).stdout.trim() !== 'RUNNING'; i++) await sleep(500);
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hpcq-outcomes-'));
  });
  afterAll(async () => {
    if (submitted.length) await host.run(['scancel', ...submitted]);
    if (dir) await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('a non-zero exit is FAILED with ExitCode "3:0"', async () => {
    const id = await sbatch('--wrap', 'exit 3');
    expect(await sacctRow(id, /^(FAILED|COMPLETED)/)).toEqual({ state: 'FAILED', exitCode: '3:0' });
  });

  it('scancel makes a running job "CANCELLED by 0" with ExitCode "0:0"', async () => {
    const id = await sbatch('--wrap', 'sleep 300');
    await waitRunning(id);
    expect((await host.run(['scancel', id])).exitCode).toBe(0);
    expect(await sacctRow(id, /^CANCELLED/)).toEqual({ state: 'CANCELLED by 0', exitCode: '0:0' });
  });

  it('qsub, qstat -f and qdel (slurm-wlm-torque) work against this Slurm', async () => {
    const script = join(dir, 'pbs.sh');
    await writeFile(script, '#!/bin/bash\n#PBS -N hpcq-pbs\n#PBS -l walltime=00:05:00\necho "pbs $SLURM_JOB_ID"\n');
    const q = await host.run(['qsub', '-o', join(dir, 'pbs.out'), '-e', join(dir, 'pbs.err'), script]);
    expect(q.exitCode, q.stderr).toBe(0);
    const id = q.stdout.trim();
    expect(id).toMatch(/^\d+$/);
    submitted.push(id);
    const f = await host.run(['qstat', '-f', id]);
    expect(f.stdout).toMatch(new RegExp(`Job Id:\\s+${id}[\\s\\S]*Job_Name = hpcq-pbs[\\s\\S]*job_state = [QRC]`));
    expect(await sacctRow(id, /^COMPLETED/)).toEqual({ state: 'COMPLETED', exitCode: '0:0' });
    expect(await readFile(join(dir, 'pbs.out'), 'utf8')).toBe(`pbs ${id}\n`);

    await writeFile(join(dir, 'long.sh'), '#!/bin/bash\nsleep 300\n');
    const l = await host.run(['qsub', '-o', '/dev/null', '-e', '/dev/null', join(dir, 'long.sh')]);
    submitted.push(l.stdout.trim());
    expect((await host.run(['qdel', l.stdout.trim()])).exitCode).toBe(0);
    expect((await sacctRow(l.stdout.trim(), /^CANCELLED/)).state).toMatch(/^CANCELLED/);
  });

  // Slurm strikes a one-minute limit after 60-90 s; the other files run meanwhile.
  it('--time=1 ends TIMEOUT with ExitCode "0:0" after a minute and a bit', async () => {
    const id = await sbatch('--time=1', '--wrap', 'sleep 300');
    expect(await sacctRow(id, /^TIMEOUT/, 180_000)).toEqual({ state: 'TIMEOUT', exitCode: '0:0' });
  }, 200_000);
});
