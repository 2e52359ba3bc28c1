/**
 * The built `hpcq map` and the folded `hpcq queue` on the testbed: a 50-item map on Slurm with
 * its results in order and the failing item named, and a running array as one queue line whose
 * counts add up to its size, on Slurm (squeue + sacct) and on Grid Engine.
 */
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { ArraySummary } from '../../src/queue/array-fold.js';
import { runBin, type BinResult } from '../helpers/bin.js';
import { describeCluster, testbed } from '../helpers/cluster.js';
import { useTempConfig } from '../helpers/temp-config.js';

const cfg = useTempConfig('hpcq-cli-map-cluster-');

function hpcq(args: string[]): Promise<BinResult> {
  return runBin('main', args, { cwd: cfg.dir, env: { HPCQ_CONFIG: cfg.file } });
}

async function itemsFile(count: number, item: (i: number) => string = (i) => `item-${i}`): Promise<string> {
  const path = join(cfg.dir, `items-${count}.txt`);
  await writeFile(path, `${Array.from({ length: count }, (_, i) => item(i)).join('\n')}\n`);
  return path;
}

/**
 * The folded queue's entry for array `id` (JSON) and its table line, once `until` holds or two
 * minutes have passed (then the last entry read, for the caller's assertions to show).
 */
async function arrayInQueue(qtype: string, id: string, until: (a: ArraySummary) => boolean): Promise<{ entry: ArraySummary; line: string; expanded: string }> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const json = await hpcq(['queue', '--qtype', qtype, '--json']);
    expect(json.code).toBe(0);
    const entry = (JSON.parse(json.out) as ArraySummary[]).find((e) => e.kind === 'array' && e.baseId === id);
    if (!entry && Date.now() > deadline) throw new Error(`array ${id} is not in hpcq queue --qtype ${qtype}:\n${json.out}`);
    if (entry && (until(entry) || Date.now() > deadline)) {
      const table = await hpcq(['queue', '--qtype', qtype]);
      const expanded = await hpcq(['queue', '--qtype', qtype, '--expand']);
      return { entry, line: table.out.split('\n').find((l) => l.startsWith(entry.id)) ?? '', expanded: expanded.out };
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/**
 * Cancel an array and wait until every task has ended: a cancelled task's wrapper still writes
 * its status file after the cancel returns, and the temp dir is removed after the test.
 */
async function cancelArray(qtype: string, id: string): Promise<void> {
  await hpcq(['cancel', '--qtype', qtype, id]);
  const waited = await hpcq(['wait', '--qtype', qtype, id]);
  expect(waited.out).toMatch(/\t(cancelled|failed|completed)/);
}

const sum = (counts: ArraySummary['counts']): number => Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);

/**
 * The STATE cell a live array's line must show. Another user's jobs may hold every slot for the
 * whole wait (the testbed is shared), so the array can still be all pending then: the line must
 * say so, and its counts must still add up.
 */
const liveCell = (c: ArraySummary['counts']): string => [c.running ? `${c.running} running` : '', c.pending ? `${c.pending} pending` : ''].filter(Boolean).join(', ');

describeCluster('hpcq map and the folded hpcq queue on the testbed', () => {
  const slurm = (): string[] => ['--qtype', 'slurm', '--partition', testbed!.partition, '--time', '5m', '--mem', '100', '--filedir', cfg.dir];

  it('maps a 50-line file on Slurm: one array, results in item order, the failing item named by index', async () => {
    const items = await itemsFile(50, (i) => (i === 23 ? 'bad' : `item-${i}`));
    const r = await hpcq(['map', ...slurm(), '--items', items, '--results', '--', 'sh', '-c', 'test "$1" != bad || exit 6; echo "$1 on $HPCQ_ARRAY_INDEX"', 'sh', '{item}']);
    expect(r.code).toBe(1);
    const got = r.out.trim().split('\n').map((l) => JSON.parse(l) as { index: number; ok: boolean; exitCode: number; stdout: string });
    expect(got.map((o) => o.index)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(got.filter((o) => !o.ok).map((o) => [o.index, o.exitCode])).toEqual([[23, 6]]);
    expect(got[49]!.stdout).toBe('item-49 on 49\n');
    expect(r.err).toMatch(/1 item\(s\) failed: 23\n\s+item 23 \[\d+_23\]: failed \(nonzero_exit\), exit code 6/);
  }, 240_000);

  it('shows a 200-task Slurm array with --parallel 5 as one line whose running and pending counts add up to 200', async () => {
    const items = await itemsFile(200);
    const submitted = await hpcq(['map', ...slurm(), '--items', items, '--parallel', '5', '--', 'sleep', '600']);
    expect(submitted.code).toBe(0);
    const id = submitted.out.split('\t')[0]!;
    expect(id).toMatch(/^\d+$/);
    try {
      const { entry, line, expanded } = await arrayInQueue('slurm', id, (a) => (a.counts.running ?? 0) > 0);
      expect(entry).toMatchObject({ id: `${id}_[0-199]`, count: 200, first: 0, last: 199 });
      expect(entry.counts.running ?? 0).toBeLessThanOrEqual(5);
      expect((entry.counts.running ?? 0) + (entry.counts.pending ?? 0)).toBe(200);
      expect(sum(entry.counts)).toBe(200);
      expect(line).toMatch(new RegExp(`^${id}_\\[0-199\\]\\s+sleep\\s+.*\\s${liveCell(entry.counts)}(\\s|$)`));
      // Expanded, the pending tasks stay one range line as squeue gives them.
      expect(expanded).toMatch(new RegExp(`^ {2}${id}_\\[\\d+-199%5\\]\\s`, 'm'));
      // A task squeue lists on its own is one line of its own (none while all are pending).
      if (entry.counts.running) expect(expanded).toMatch(new RegExp(`^ {2}${id}_\\d+\\s+sleep\\s+\\S+\\s+\\S+\\s+running`, 'm'));
    } finally {
      await cancelArray('slurm', id);
    }
  }, 240_000);

  it('counts the tasks squeue has forgotten from sacct: 3 ended long ago, 3 running', async () => {
    const items = await itemsFile(6);
    const submitted = await hpcq(['map', ...slurm(), '--items', items, '--parallel', '3', '--', 'sh', '-c', 'test "$1" -lt 3 || sleep 600', 'sh', '{index}']);
    const id = submitted.out.split('\t')[0]!;
    try {
      // squeue keeps an ended task for MinJobAge (10 s on the testbed), then only sacct knows it.
      const listed = (): string => execFileSync('squeue', ['-h', '-t', 'all', '-o', '%i', '-j', id], { encoding: 'utf8' });
      while (!/_[345]\b/.test(listed()) || /_[012]\b/.test(listed())) await new Promise((r) => setTimeout(r, 1000));
      const { entry, line } = await arrayInQueue('slurm', id, (a) => a.count === 6 && a.counts.running === 3);
      expect(entry.counts).toEqual({ completed: 3, running: 3 });
      expect(line).toMatch(new RegExp(`^${id}_\\[0-5\\]\\s+sh\\s+.*\\b3 completed, 3 running\\b`));
    } finally {
      await cancelArray('slurm', id);
    }
  }, 240_000);

  it('shows a Grid Engine array as one line: 20 tasks, at most 3 running, the rest pending', async () => {
    const items = await itemsFile(20);
    const submitted = await hpcq(['map', '--qtype', 'sge', '--time', '5m', '--mem', '100', '--filedir', cfg.dir, '--items', items, '--parallel', '3', '--', 'sleep', '600']);
    expect(submitted.code).toBe(0);
    const id = submitted.out.split('\t')[0]!;
    try {
      const { entry, line } = await arrayInQueue('sge', id, (a) => (a.counts.running ?? 0) > 0);
      // Grid Engine numbers tasks from 1.
      expect(entry).toMatchObject({ id: `${id}.[1-20]`, count: 20, first: 1, last: 20 });
      expect(entry.counts.running ?? 0).toBeLessThanOrEqual(3);
      expect((entry.counts.running ?? 0) + (entry.counts.pending ?? 0)).toBe(20);
      expect(line).toMatch(new RegExp(`^${id}\\.\\[1-20\\]\\s+sleep\\s+.*\\s${liveCell(entry.counts)}(\\s|$)`));
    } finally {
      await cancelArray('sge', id);
    }
  }, 240_000);
});
