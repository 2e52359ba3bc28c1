/** The report page from hand-made ledger records and status files: outcomes, escaping, links, self-containment. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { writeRecord } from '../../src/ledger/index.js';
import { RECORD_VERSION, type LedgerDependency, type LedgerRecord } from '../../src/ledger/record.js';
import { recordFileName } from '../../src/ledger/store.js';
import { renderReport } from '../../src/report/index.js';
import { duration } from '../../src/report/table.js';
import { offsetLabel } from '../../src/report/timeline.js';
import { createLocalHost } from '../../src/util/local-host.js';

const host = createLocalHost();
const T0 = Date.parse('2026-01-02T03:04:05Z');
let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hpcq-report-unit-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true, maxRetries: 5 }));

async function job(stem: string, id: string, status: string | undefined, depends: LedgerDependency[] = [], name = stem): Promise<LedgerRecord> {
  const base = join(dir, `${stem}.cluster`);
  const when = new Date(T0 + Number(id) * 1000);
  const rec: LedgerRecord = {
    v: RECORD_VERSION, key: `${id}`.padStart(64, '0'), phase: 'submitted', id, qtype: 'slurm', host: 'localhost', name, filedir: dir,
    files: { submit: `${base}.sbatch`, exec: `${base}.script`, out: `${base}.out`, err: `${base}.err`, status: `${base}.status` },
    depends, submitTime: when.toISOString(), file: recordFileName(`${id}`.padStart(64, '0'), when),
  };
  await writeRecord(host, rec);
  if (status !== undefined) {
    await writeFile(rec.files.status, `# hpcq job status\n${status}`);
    await writeFile(rec.files.out, 'out\n');
  }
  return rec;
}

const t = (s: number): number => T0 / 1000 + s;

it('shows each outcome with its reason, escapes every user string and fetches nothing', async () => {
  const hostile = '</text><script>alert(1)</script><a href="http://evil.example/">x</a>';
  await job('ok', '1', `start=${t(2)}\nhost=node-1\nexit=0\nend=${t(5)}\n`);
  await job('bad', '2', `start=${t(3)}\nhost=node-2\nexit=137\nsignal=9\nend=${t(4)}\n`, [{ kind: 'afterok', id: '1', key: '1'.padStart(64, '0') }]);
  await job('never', '3', undefined, [{ kind: 'afterok', id: '2', key: '2'.padStart(64, '0') }], hostile);
  await job('run #1 a', '4', `start=${t(6)}\nhost=node-3\n`);
  const html = await renderReport({ dir, out: join(dir, 'sub', 'r.html'), now: new Date(T0 + 10_000) });
  expect(html.match(/<g class="bar /g)).toHaveLength(4);
  expect(html).toContain('data-outcome="completed"');
  expect(html).toMatch(/<tr class="job-row outcome-failed"[^>]*>.*signal.*137.*9.*node-2/);
  expect(html).toMatch(/<tr class="job-row outcome-cancelled"[^>]*>.*dependency_never_satisfied/);
  expect(html).toMatch(/<tr class="job-row outcome-running"[^>]*>/);
  expect(html).toContain('4 jobs');
  // The hostile name is text, never markup.
  expect(html).not.toMatch(/<script|<a href="http/);
  expect(html).toContain('&lt;/text&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  // No resource outside the page, and a policy that forbids any.
  expect(html).not.toMatch(/<(script|img|link|iframe|object)|(href|src)="[a-z]+:|url\((?!#)/i);
  expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
  // Links are relative to the report's directory, percent-encoded, and only to files that exist.
  expect(html).toContain('href="../ok.cluster.out"');
  expect(html).toContain('href="../run%20%231%20a.cluster.out"');
  expect(html).not.toContain('never.cluster.out');
});

it('an empty filedir gives a page that says so', async () => {
  await mkdir(join(dir, 'empty'));
  const html = await renderReport({ dir: join(dir, 'empty') });
  expect(html).toContain('No submissions are recorded');
  expect(html).not.toContain('<svg');
});

it('formats offsets and durations', () => {
  expect([offsetLabel(0), offsetLabel(45), offsetLabel(750), offsetLabel(3 * 3600 + 300)]).toEqual(['+0s', '+45s', '+12m30s', '+3h05m']);
  expect(duration(new Date(0), new Date(1500))).toBe('1.5 s');
  expect(duration(new Date(0), new Date(245_000))).toBe('4 min 05 s');
  expect(duration(new Date(0), undefined)).toBe('');
});

it('hpcq report writes the page where --out says and prints its path', async () => {
  const { runCli } = await import('../helpers/cli.js');
  const { readFile } = await import('node:fs/promises');
  await job('ok', '1', `start=${t(2)}\nexit=0\nend=${t(3)}\n`);
  const out = join(dir, 'pages', 'run.html');
  const res = await runCli('report', '--dir', dir, '--out', out);
  expect(res).toMatchObject({ code: 0, out: `${out}\n` });
  const html = await readFile(out, 'utf8');
  expect(html).toMatch(/^<!doctype html>/);
  expect(html).toContain('href="../ok.cluster.out"');
});

it('jobs the caller holds lend their state and reason (a timeout the status file cannot tell)', async () => {
  await job('slow', '5', `start=${t(1)}\nhost=node-1\nsignal=15\nexit=143\nend=${t(9)}\n`);
  await job('other', '6', `start=${t(1)}\nexit=0\nend=${t(2)}\n`);
  const plain = await renderReport({ dir });
  expect(plain).toMatch(/<tr class="job-row outcome-failed"[^>]*>.*?<td>signal<\/td>/);
  const known = [
    { id: '5', qtype: 'slurm', state: 'failed', reason: 'timeout', exitCode: 143 },
    // Another scheduler's job 6 is a different job.
    { id: '6', qtype: 'torque', state: 'failed', reason: 'out_of_memory', exitCode: 1 },
  ] as const;
  const html = await renderReport({ dir, jobs: known });
  expect(html).toMatch(/<tr class="job-row outcome-failed"[^>]*>.*?<td>timeout<\/td>/);
  expect(html).not.toContain('out_of_memory');
  expect(html).toMatch(/<tr class="job-row outcome-completed"[^>]*><td>2<\/td><td><span class="name">other/);
});
