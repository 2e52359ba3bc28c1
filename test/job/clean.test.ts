import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanDir, makeJob, makeJobFile } from '../../src/api/index.js';
import { HpcqError } from '../../src/errors.js';
import { createJobSpec } from '../../src/job/spec.js';
import { writeJob } from '../../src/job/write.js';
import type { Host } from '../../src/util/host.js';
import { createLocalHost } from '../../src/util/local-host.js';

let dir: string;
const oldConfig = process.env.HPCQ_CONFIG;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hpcq-clean-'));
  process.env.HPCQ_CONFIG = join(dir, 'config.ini');
  await writeFile(process.env.HPCQ_CONFIG, '[prof_default]\nnodes = 1\n');
});
afterAll(async () => {
  if (oldConfig === undefined) delete process.env.HPCQ_CONFIG;
  else process.env.HPCQ_CONFIG = oldConfig;
  await rm(dir, { recursive: true, force: true });
});

describe('cleanDir', () => {
  it('deletes only what hpcq wrote, by content, per scheduler and suffix', async () => {
    const jobs = join(dir, 'jobs');
    const user = ['notes.cluster.out', 'notes.cluster.sbatch', 'data.cluster.status', 'x_func.cluster.output.json', 'keep.txt'];
    await mkdir(jobs);
    for (const name of user) await writeFile(join(jobs, name), `user content of ${name}\n`);
    const slurm = await makeJobFile('echo a', { qtype: 'slurm', filedir: jobs });
    const torque = await makeJobFile((x: number) => x, { qtype: 'torque', filedir: jobs, args: [1] });
    const other = await makeJobFile('echo b', { qtype: 'local', filedir: jobs, suffix: 'other' });
    // Outputs a job produced: named by its script's manifest, so they count as hpcq's.
    await writeFile(slurm.replace(/\.sbatch$/, '.out'), 'job output');
    await writeFile(slurm.replace(/\.sbatch$/, '.status'), '# hpcq job status\nstart=1\n');

    const torqueOnly = await cleanDir(jobs, { qtype: 'torque', dryRun: true });
    expect(torqueOnly.map((p) => p.slice(jobs.length + 1))).toEqual(['func.cluster.qsub', 'func_func.cluster.input.json', 'func_func.cluster.mjs']);
    const deleted = await cleanDir(jobs);
    expect(deleted.map((p) => p.slice(jobs.length + 1))).toEqual([
      'echo.cluster.out', 'echo.cluster.sbatch', 'echo.cluster.script', 'echo.cluster.status',
      'func.cluster.qsub', 'func_func.cluster.input.json', 'func_func.cluster.mjs',
    ]);
    expect(deleted).toContain(slurm);
    expect(deleted).toContain(torque);
    expect((await readdir(jobs)).sort()).toEqual([...user, 'echo.other'].sort());
    expect(await cleanDir(jobs, { suffix: 'other' })).toEqual([other]);
  });
});

describe('writing', () => {
  it('removes what it wrote when a later file fails, and refuses unserialisable functions first', async () => {
    const local = createLocalHost();
    let writes = 0;
    const failing: Host = {
      ...local,
      async writeFile(path, data, opts) {
        if (++writes === 3) throw new Error('disk full');
        return local.writeFile(path, data, opts);
      },
    };
    const wdir = join(dir, 'write');
    const spec = createJobSpec(function f() { return 1; }, { qtype: 'slurm', filedir: wdir });
    await expect(writeJob(spec, failing)).rejects.toThrow(/disk full/);
    expect(await readdir(wdir)).toEqual([]);
    expect(() => makeJob(Math.max, { qtype: 'slurm', filedir: wdir })).toThrow(HpcqError);
  });

  it('makes names unique against files on disk', async () => {
    const ndir = join(dir, 'names');
    const first = makeJob('run.sh', { qtype: 'local', filedir: ndir });
    await first.write();
    const second = makeJob('./run.sh x', { qtype: 'local', filedir: ndir });
    expect([first.name, second.name]).toEqual(['run.sh', 'run.sh.1']);
    await second.write();
    expect(await first.clean()).toEqual([first.files.submit]);
  });
});
