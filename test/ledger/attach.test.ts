/** attachJob from another process: by id or key, with outputs and a function's result; refusals are clear. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { attachJob, submit } from '../../src/api/index.js';
import { HpcqError, JobFailedError } from '../../src/errors.js';
import { keyOf, listRecords } from '../../src/ledger/index.js';
import { peekDefaultRunner } from '../../src/local-runner/index.js';
import { createLocalHost } from '../../src/util/local-host.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

const config = useFileTempConfig('hpcq-attach-');
afterAll(async () => peekDefaultRunner()?.close());

it('attaches to the ended jobs of another process by id and by key', async () => {
  if (!existsSync(resolve('dist/index.js'))) throw new Error('dist/index.js missing: run npm run build (npm test does it first)');
  const filedir = join(config.dir, 'other');
  const script = join(config.dir, 'other.mjs');
  await writeFile(script, `import { submit, wait } from ${JSON.stringify(pathToFileURL(resolve('dist/index.js')).href)};
const o = { qtype: 'local', filedir: ${JSON.stringify(filedir)} };
const jobs = [
  await submit('echo hello; echo warn >&2', { ...o, name: 'hello' }),
  await submit('echo partial; exit 4', { ...o, name: 'broken' }),
  await submit(function cube(x) { return { value: x ** 3 }; }, { ...o, args: [3] }),
];
await wait(jobs);
console.log(JSON.stringify(jobs.map((j) => j.id)));
process.exit(0);
`);
  const { stdout } = await promisify(execFile)(process.execPath, [script]);
  const [helloId, brokenId, cubeId] = JSON.parse(stdout.trim()) as string[];
  const records = await listRecords(createLocalHost(), filedir);

  const hello = await attachJob(helloId!, { filedir, qtype: 'local' });
  expect(hello.name).toBe('hello');
  expect(await hello.get()).toMatchObject({ state: 'completed', exitCode: 0, stdout: 'hello\n', stderr: 'warn\n' });

  const cube = await attachJob(records[2]!.key, { filedir });
  expect((await cube.get()).result).toEqual({ value: 27 });
  expect(cube.id).toBe(cubeId);

  const broken = await attachJob(brokenId!, { filedir, qtype: 'local' });
  const err = await broken.get().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(JobFailedError);
  expect(err).toMatchObject({ state: 'failed', exitCode: 4 });
  expect(broken.stdout).toBe('partial\n');
  // An attached job never rewrites or deletes the other process's scripts.
  expect(await broken.clean()).toEqual([]);
  expect(existsSync(broken.files.submit)).toBe(true);

  await expect(attachJob('f'.repeat(64), { filedir })).rejects.toThrow(HpcqError);
});

it('within the submitting process, attach gives back the very Job, also while it runs', async () => {
  const filedir = join(config.dir, 'own');
  const job = await submit('sleep 0.3; echo own', { qtype: 'local', filedir, name: 'own' });
  expect(await attachJob(keyOf(job)!, { filedir })).toBe(job);
  expect(await attachJob(job.id!, { filedir, qtype: 'local' })).toBe(job);
  expect((await job.get()).stdout).toBe('own\n');
});
