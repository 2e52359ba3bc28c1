import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanDir, makeJob, makeJobFile } from '../../src/api/index.js';
import { HpcqError } from '../../src/errors.js';
import { createJobSpec } from '../../src/job/spec.js';
import { writeJob } from '../../src/job/write.js';
import type { Host } from '../../src/util/host.js';
import { createLocalHost } from '../../src/util/local-host.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

const config = useFileTempConfig('hpcq-clean-');

describe('cleanDir', () => {
  it('deletes only what hpcq wrote, by content, per scheduler and suffix', async () => {
    const jobs = join(config.dir, 'jobs');
    const user = ['notes.cluster.out', 'notes.cluster.sbatch', 'data.cluster.status', 'x_func.cluster.output.json', 'keep.txt'];
    await mkdir(jobs);
    for (const name of user) await writeFile(join(jobs, name), `user content of ${name}\n`);
    const slurm = await makeJobFile('echo a', { qtype: 'slurm', filedir: jobs });
    const torque = await makeJobFile((x: number) => x, { qtype: 'torque', filedir: jobs, args: [1] });
    const other = await makeJobFile('echo b', { qtype: 'local', filedir: jobs, suffix: 'other' });
    // Outputs a job produced: named by its script's manifest, so they count as hpcq's.
    await writeFile(slurm.replace(/\.sbatch$/, '.out'), 'job output');
    await writeFile(slurm.replace(/\.sbatch$/, '.status'), '# hpcq job status\nstart=1\nexit=0\nend=2\n');

    const torqueOnly = await cleanDir(jobs, { qtype: 'torque', dryRun: true });
    // stdout/stderr are created empty (owner-only) with the scripts, so they are the job's too.
    expect(torqueOnly.map((p) => p.slice(jobs.length + 1))).toEqual(['func.cluster.err', 'func.cluster.out', 'func.cluster.qsub', 'func_func.cluster.input.json', 'func_func.cluster.mjs']);
    const deleted = await cleanDir(jobs);
    expect(deleted.map((p) => p.slice(jobs.length + 1))).toEqual([
      'echo.cluster.err', 'echo.cluster.out', 'echo.cluster.sbatch', 'echo.cluster.script', 'echo.cluster.status',
      'func.cluster.err', 'func.cluster.out', 'func.cluster.qsub', 'func_func.cluster.input.json', 'func_func.cluster.mjs',
    ]);
    expect(deleted).toContain(slurm);
    expect(deleted).toContain(torque);
    expect((await readdir(jobs)).sort()).toEqual([...user, 'echo.other', 'echo.other.err', 'echo.other.out'].sort());
    expect(await cleanDir(jobs, { suffix: 'other' })).toEqual([other, `${other}.err`, `${other}.out`]);
  });
});

describe('a user-chosen outfile/errfile', () => {
  it('is never deleted by writing a job or by cleanDir, only by job.clean({ deleteOutputs })', async () => {
    const odir = join(config.dir, 'outfile');
    await mkdir(odir);
    const mine = join(odir, 'results.cluster.log');
    const errs = join(odir, 'errors.cluster.log');
    await writeFile(mine, 'my data\n');
    await writeFile(errs, 'my errors\n');
    const job = makeJob('echo a', { qtype: 'slurm', filedir: odir, outfile: 'results.cluster.log', errfile: errs });
    await job.write();
    expect(job.name).toBe('echo');
    expect(await readdir(odir)).toContain('results.cluster.log');
    expect(await readdir(odir)).toContain('errors.cluster.log');
    const deleted = (await cleanDir(odir)).map((p) => p.slice(odir.length + 1));
    expect(deleted).toEqual(['echo.cluster.sbatch', 'echo.cluster.script']);
    expect((await readdir(odir)).sort()).toEqual(['errors.cluster.log', 'results.cluster.log']);
    await job.write();
    expect((await job.clean({ deleteOutputs: true })).sort()).toEqual([job.files.submit, job.files.exec, errs, mine].sort());
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
    const wdir = join(config.dir, 'write');
    const spec = createJobSpec(function f() { return 1; }, { qtype: 'slurm', filedir: wdir });
    await expect(writeJob(spec, failing)).rejects.toThrow(/disk full/);
    expect(await readdir(wdir)).toEqual([]);
    expect(() => makeJob(Math.max, { qtype: 'slurm', filedir: wdir })).toThrow(HpcqError);
  });

  it('reports a filedir that cannot be a directory as an HpcqError naming it', async () => {
    const file = join(config.dir, 'plain-file');
    await writeFile(file, 'x');
    const err = await makeJob('true', { qtype: 'local', filedir: join(file, 'sub') }).write().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HpcqError);
    expect((err as Error).message).toContain(join(file, 'sub'));
  });

  it('makes names unique against files on disk', async () => {
    const ndir = join(config.dir, 'names');
    const first = makeJob('run.sh', { qtype: 'local', filedir: ndir });
    await first.write();
    const second = makeJob('./run.sh x', { qtype: 'local', filedir: ndir });
    expect([first.name, second.name]).toEqual(['run.sh', 'run.sh.1']);
    await second.write();
    expect(await first.clean()).toEqual([first.files.submit]);
  });
});
