/** The ledger store: atomic records, tolerant reading, lookups, and two writers at once. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { findById, findByKey, ledgerDir, listRecords, writeRecord } from '../../src/ledger/index.js';
import { RECORD_VERSION, type LedgerRecord } from '../../src/ledger/record.js';
import { recordFileName } from '../../src/ledger/store.js';
import { createLocalHost } from '../../src/util/local-host.js';

const host = createLocalHost();
let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hpcq-ledger-'));
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true, maxRetries: 5 });
});

function record(key: string, id: string | undefined, when = new Date()): LedgerRecord {
  const base = join(dir, `job.${id ?? 'x'}.cluster`);
  return {
    v: RECORD_VERSION, key, phase: id ? 'submitted' : 'submitting', ...(id ? { id } : {}), qtype: 'slurm', host: 'localhost',
    name: `job-${id ?? 'x'}`, filedir: dir, files: { submit: `${base}.sbatch`, exec: `${base}.script`, out: `${base}.out`, err: `${base}.err`, status: `${base}.status` },
    depends: [], submitTime: when.toISOString(), file: recordFileName(key, when),
  };
}

const KEY_A = 'a'.repeat(64);
const KEY_B = 'b'.repeat(64);

it('writes one file per record in <filedir>/.hpcq/ledger and reads it back', async () => {
  const first = record(KEY_A, '101', new Date(1_000));
  await writeRecord(host, first);
  await writeRecord(host, record(KEY_B, '102', new Date(2_000)));
  const names = await readdir(ledgerDir(dir));
  expect(names).toHaveLength(2);
  expect(names.every((n) => n.endsWith('.json') && n.includes(`-${KEY_A.slice(0, 16)}-`) !== n.includes(`-${KEY_B.slice(0, 16)}-`))).toBe(true);
  const all = await listRecords(host, dir);
  expect(all.map((r) => r.id)).toEqual(['101', '102']);
  expect(all[0]).toEqual(first);
  expect((await findByKey(host, dir, KEY_B)).map((r) => r.id)).toEqual(['102']);
  expect((await findById(host, dir, '101'))?.key).toBe(KEY_A);
  expect(await findById(host, dir, '999')).toBeUndefined();
  expect(await findByKey(host, dir, 'c'.repeat(64))).toEqual([]);
});

it('rewriting a record under its name moves it from submitting to submitted', async () => {
  const pending = record(KEY_A, undefined);
  await writeRecord(host, pending);
  expect((await findByKey(host, dir, KEY_A))[0]?.phase).toBe('submitting');
  await writeRecord(host, { ...pending, phase: 'submitted', id: '7' });
  const found = await findByKey(host, dir, KEY_A);
  expect(found).toHaveLength(1);
  expect(found[0]).toMatchObject({ phase: 'submitted', id: '7' });
});

it('skips corrupt, partial and foreign records and says so at debug level', async () => {
  await writeRecord(host, record(KEY_A, '1'));
  const led = ledgerDir(dir);
  const good = JSON.stringify({ ...record(KEY_B, '2'), file: undefined });
  const bad: Record<string, string> = {
    'partial.json': good.slice(0, good.length / 2),
    'garbage.json': '\u0000\u0001 not json',
    'array.json': '[1,2,3]',
    'version.json': good.replace(`"v":${RECORD_VERSION}`, '"v":99'),
    'no-id.json': good.replace('"id":"2"', '"id":""'),
    'qtype.json': good.replace('"qtype":"slurm"', '"qtype":"pbs; rm -rf /"'),
    'files.json': good.replace(/"files":\{[^}]*\}/, '"files":{"submit":1}'),
  };
  for (const [name, text] of Object.entries(bad)) await writeFile(join(led, name), text);
  // A writer's temp file in progress and a stray directory are not records either.
  await writeFile(join(led, `.x.json.${process.pid}.1.tmp`), good);
  await mkdir(join(led, 'sub.json.d'));
  vi.stubEnv('HPCQ_LOG', 'debug');
  const lines: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (lines.push(String(s)), true));
  let all: LedgerRecord[];
  try {
    all = await listRecords(host, dir);
  } finally {
    spy.mockRestore();
  }
  expect(all.map((r) => r.id)).toEqual(['1']);
  for (const name of Object.keys(bad)) expect(lines.some((l) => l.includes('[ledger]') && l.includes(name))).toBe(true);
});

it('a missing ledger directory lists as empty', async () => {
  expect(await listRecords(host, join(dir, 'nowhere'))).toEqual([]);
});

it('two processes recording at once leave every record whole and readable', async () => {
  const dist = resolve('dist/ledger/index.js');
  if (!existsSync(dist)) throw new Error('dist/ledger/index.js missing: run npm run build (npm test does it first)');
  const perProcess = 60;
  const child = join(dir, 'writer.mjs');
  await writeFile(
    child,
    `import { writeRecord } from ${JSON.stringify(pathToFileURL(dist).href)};
import { createLocalHost } from ${JSON.stringify(pathToFileURL(resolve('dist/util/local-host.js')).href)};
import { recordFileName } from ${JSON.stringify(pathToFileURL(resolve('dist/ledger/store.js')).href)};
const [filedir, tag] = process.argv.slice(2);
const host = createLocalHost();
const key = tag.repeat(64);
// Start together (both wait for the same wall-clock tick), then write as fast as possible.
const go = Math.ceil(Date.now() / 500) * 500 + 500;
while (Date.now() < go) await new Promise((r) => setTimeout(r, 1));
await Promise.all(Array.from({ length: ${perProcess} }, (_, i) => {
  const when = new Date(go);
  const base = filedir + '/j' + tag + i + '.cluster';
  return writeRecord(host, { v: 1, key, phase: 'submitted', id: tag + i, qtype: 'local', host: 'localhost', name: 'j' + i, filedir,
    files: { submit: base, exec: base, out: base + '.out', err: base + '.err', status: base + '.status' },
    depends: [], submitTime: when.toISOString(), file: recordFileName(key, when) });
}));
`,
  );
  const run = promisify(execFile);
  await Promise.all(['c', 'd'].map((tag) => run(process.execPath, [child, dir, tag])));
  const all = await listRecords(host, dir);
  expect(all).toHaveLength(2 * perProcess);
  expect(new Set(all.map((r) => r.id)).size).toBe(2 * perProcess);
  expect(await findByKey(host, dir, 'c'.repeat(64))).toHaveLength(perProcess);
  expect(await findByKey(host, dir, 'd'.repeat(64))).toHaveLength(perProcess);
  // No temp file left behind by either writer.
  expect((await readdir(ledgerDir(dir))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
});
