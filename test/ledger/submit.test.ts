/** Every submission is recorded: key, id, dependencies; the key is marked in the script; refusals leave nothing. */
import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, expect, it } from 'vitest';
import { submit } from '../../src/api/index.js';
import { findById, findByKey, keyOf, listRecords, parseKeyMarker, recordSubmission, recoverRecord } from '../../src/ledger/index.js';
import { normalizeDepends } from '../../src/core/dependencies.js';
import { createJobSpec } from '../../src/job/spec.js';
import { peekDefaultRunner } from '../../src/local-runner/index.js';
import { createLocalHost } from '../../src/util/local-host.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

const config = useFileTempConfig('hpcq-ledger-submit-');
afterAll(async () => peekDefaultRunner()?.close());
const host = createLocalHost();

it('records a dependency chain with ids, kinds and the parents keys, and marks each script with its key', async () => {
  const filedir = `${config.dir}/chain`;
  const a = await submit('echo a', { qtype: 'local', filedir, name: 'a' });
  const b = await submit('echo b', { qtype: 'local', filedir, name: 'b', depends: a });
  const c = await submit('echo c', { qtype: 'local', filedir, name: 'c', depends: { afterany: [b], afterok: [a] } });
  await c.wait();
  const records = await listRecords(host, filedir);
  expect(records.map((r) => [r.name, r.id, r.phase])).toEqual([
    ['a', a.id, 'submitted'],
    ['b', b.id, 'submitted'],
    ['c', c.id, 'submitted'],
  ]);
  const [ra, rb, rc] = records;
  expect(ra!.key).toMatch(/^[0-9a-f]{64}$/);
  expect(keyOf(a)).toBe(ra!.key);
  expect(rb!.depends).toEqual([{ kind: 'afterok', id: a.id, key: ra!.key }]);
  expect(rc!.depends).toEqual([
    { kind: 'afterok', id: a.id, key: ra!.key },
    { kind: 'afterany', id: b.id, key: rb!.key },
  ]);
  expect(rc!.files).toEqual(c.files);
  expect(new Date(rc!.submitTime).getTime()).toBeLessThanOrEqual(Date.now());
  for (const [job, rec] of [[a, ra], [b, rb], [c, rc]] as const) {
    expect(parseKeyMarker(await readFile(job.files.submit, 'utf8'))).toBe(rec!.key);
    expect((await findById(host, filedir, job.id!))?.key).toBe(rec!.key);
  }
  // The marker is a comment: the jobs ran as written.
  expect((await c.get()).stdout).toBe('c\n');
});

it('gives the same key to a rerun of the same job (whatever file stem it gets) and a new key to a changed one', async () => {
  const filedir = `${config.dir}/rerun`;
  const first = await submit('echo same', { qtype: 'local', filedir, name: 'same' });
  const again = await submit('echo same', { qtype: 'local', filedir, name: 'same' });
  const other = await submit('echo same', { qtype: 'local', filedir, name: 'same', cores: 2 });
  await Promise.all([first.wait(), again.wait(), other.wait()]);
  expect(again.files.submit).not.toBe(first.files.submit);
  expect(keyOf(again)).toBe(keyOf(first));
  expect(keyOf(other)).not.toBe(keyOf(first));
  expect((await findByKey(host, filedir, keyOf(first)!)).map((r) => r.id)).toEqual([first.id, again.id]);
  // A child of a changed parent is a different submission too.
  const childOfFirst = await submit('echo kid', { qtype: 'local', filedir, name: 'kid', depends: first });
  const childOfOther = await submit('echo kid', { qtype: 'local', filedir, name: 'kid', depends: other });
  expect(keyOf(childOfFirst)).not.toBe(keyOf(childOfOther));
  await Promise.all([childOfFirst.wait(), childOfOther.wait()]);
});

it('a refused submission leaves no record; a crash after submitting is recovered from the job files', async () => {
  const filedir = `${config.dir}/refused`;
  const spec = createJobSpec('echo x', { qtype: 'slurm', filedir, name: 'x' });
  const { writeJob } = await import('../../src/job/write.js');
  await writeJob(spec, host);
  const ctx = { job: {}, spec, host, depends: normalizeDepends(undefined) };
  await expect(recordSubmission(ctx, async () => Promise.reject(new Error('sbatch: invalid partition')))).rejects.toThrow('invalid partition');
  expect(await listRecords(host, filedir)).toEqual([]);

  // The process "dies" inside the scheduler call: the record stays `submitting`.
  let onCalled: (seen: Awaited<ReturnType<typeof listRecords>>) => void = () => undefined;
  const called = new Promise<Awaited<ReturnType<typeof listRecords>>>((resolve) => (onCalled = resolve));
  void recordSubmission({ ...ctx, job: {} }, async () => {
    onCalled(await listRecords(host, filedir));
    return new Promise<string>(() => undefined);
  });
  const pendingSeen = await called;
  expect(pendingSeen.map((r) => r.phase)).toEqual(['submitting']);
  const key = pendingSeen[0]!.key;
  expect(parseKeyMarker(await readFile(spec.files.submit, 'utf8'))).toBe(key);
  // Not started yet: nothing proves the submission.
  expect((await recoverRecord(host, pendingSeen[0]!)).source).toBe('none');
  // The job starts and its wrapper writes the scheduler id: findByKey + recover complete the record.
  await writeFile(spec.files.status, '# hpcq job status\nstart=1700000000\nhost=n1\npid=42\njobid=4242\n');
  const [found] = await findByKey(host, filedir, key);
  const recovered = await recoverRecord(host, found!);
  expect(recovered).toMatchObject({ source: 'status-file', record: { phase: 'submitted', id: '4242' } });
  expect((await findByKey(host, filedir, key)).map((r) => [r.phase, r.id])).toEqual([['submitted', '4242']]);
});

it('cleanDir removes the records of the jobs it deleted and leaves the filedir as it found it', async () => {
  const { cleanDir } = await import('../../src/api/index.js');
  const { readdir } = await import('node:fs/promises');
  const filedir = `${config.dir}/clean`;
  const job = await submit('echo gone', { qtype: 'local', filedir, name: 'gone' });
  await job.wait();
  expect(await listRecords(host, filedir)).toHaveLength(1);
  await cleanDir(filedir, { confirm: false });
  expect(await listRecords(host, filedir)).toEqual([]);
  expect(await readdir(filedir)).toEqual([]);
});

it('a ledger that cannot be written is logged and never stops the submission', async () => {
  const { mkdir, writeFile: write } = await import('node:fs/promises');
  const { vi } = await import('vitest');
  const filedir = `${config.dir}/blocked`;
  await mkdir(filedir, { recursive: true });
  // A plain file where the ledger directory would go: every record write fails.
  await write(`${filedir}/.hpcq`, 'not a directory');
  const lines: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (lines.push(String(s)), true));
  let job;
  try {
    job = await submit('echo still runs', { qtype: 'local', filedir, name: 'blocked' });
    await job.wait();
  } finally {
    spy.mockRestore();
  }
  expect((await job.get()).stdout).toBe('still runs\n');
  expect(lines.filter((l) => l.includes('warn [ledger]')).length).toBeGreaterThanOrEqual(1);
  expect(await listRecords(host, filedir)).toEqual([]);
});
