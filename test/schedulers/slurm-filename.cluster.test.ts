/**
 * sbatch replaces %j, %x, %A ... in --output/--error names, so an outfile with a literal `%` would
 * be written elsewhere and its output lost. hpcq escapes it; in a name with a backslash sbatch
 * expands nothing but drops single backslashes, so those are doubled.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submit } from '../../src/index.js';
import { slurmFilename } from '../../src/schedulers/slurm/filename.js';
import { describeCluster } from '../helpers/cluster.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

useFileTempConfig('hpcq-slurm-filename-');

describe('slurmFilename', () => {
  it("doubles '%', or every backslash in a name that holds one", () => {
    expect(slurmFilename('/d/100%j.out')).toBe('/d/100%%j.out');
    expect(slurmFilename('/d/plain.out')).toBe('/d/plain.out');
    expect(slurmFilename('/d/a\\b%j.out')).toBe('/d/a\\\\b%j.out');
  });
});

describeCluster('sbatch output names with %', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hpcq-pct-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('writes stdout and stderr to exactly the outfile and errfile named', async () => {
    for (const name of ['100%j', 'a%%b%x', 'back\\slash%j']) {
      const outfile = join(dir, `${name}.out`);
      const errfile = join(dir, `${name}.err`);
      const job = await submit('echo out; echo err >&2', { qtype: 'slurm', filedir: join(dir, 'files'), outfile, errfile });
      const res = await job.get();
      expect(res.stdout, name).toBe('out\n');
      expect(await readFile(outfile, 'utf8'), name).toBe('out\n');
      expect(await readFile(errfile, 'utf8'), name).toBe('err\n');
    }
  });
});
