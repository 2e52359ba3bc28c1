/**
 * Runs in the isolated phase (vitest.isolated.config.ts). A 30-job workflow script with `reuse`
 * is SIGKILLed halfway through submitting, then rerun to the end, then run once more. Counted
 * from Slurm's accounting: nothing lost, nothing submitted twice (a job Slurm accepted in the
 * instant before the kill is found again by its key), the rerun submits only what was missing
 * plus the failed job and its dependents, and the third run submits nothing. Kill points: when
 * the ledger holds 8 records (wherever the script then is), and inside two sbatch calls after
 * Slurm accepted the job (one that starts at once, one pending behind a dependency).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { findByKey, listRecords } from '../../src/ledger/index.js';
import { createLocalHost } from '../../src/util/local-host.js';
import { describeCluster } from '../helpers/cluster.js';
import { crashFigures, formatFigures, slurmTruth, type Truth } from '../helpers/crash-truth.js';
import { FLAKY_FAMILY, crashGraph, workflowScript, writeShims, type WorkflowOutcome } from '../helpers/crash-workflow.js';
import { ledgerCount, sleep, start, until } from '../helpers/crash-run.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

const config = useFileTempConfig('hpcq-crash-');

const logged = (log: string): string[] => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []);
const acceptedIds = (lines: string[]): string[] => lines.filter((l) => l.startsWith('accepted ')).map((l) => /\d+/.exec(l)![0]);
const commands = (lines: string[]): number => lines.filter((l) => !l.startsWith('accepted ')).length;

/** Poll Slurm's accounting until every job's latest submission has ended (slurmdbd lags). */
async function settledTruth(tag: string, names: string[]): Promise<Truth> {
  let truth = slurmTruth(tag);
  const end = Date.now() + 60_000;
  const ended = (t: Truth): boolean => names.every((n) => /^(COMPLETED|FAILED|CANCELLED|TIMEOUT)/.test(t.get(n)?.at(-1)?.state ?? ''));
  while (!ended(truth) && Date.now() < end) {
    await sleep(1000);
    truth = slurmTruth(tag);
  }
  return truth;
}

type KillPoint = { label: string; records?: number; inSbatch?: number };
const POINTS: KillPoint[] = [
  { label: 'at 8 ledger records', records: 8 },
  { label: 'inside sbatch #6 (a root that starts at once)', inSbatch: 6 },
  { label: 'inside sbatch #14 (a mid pending behind its root)', inSbatch: 14 },
];

describeCluster('a workflow SIGKILLed while submitting, rerun with reuse', () => {
  for (const [n, point] of POINTS.entries()) {
    it(`kill ${point.label}: rerun completes 30/30 with 0 lost and 0 duplicated; a third run submits 0`, async () => {
      if (!existsSync(resolve('dist/index.js'))) throw new Error('dist/index.js missing: run npm run build (npm test does it first)');
      const tag = `crash${n}x${Date.now() % 100000}`;
      const dir = join(config.dir, tag);
      const filedir = join(dir, 'jobs');
      const graph = crashGraph(join(dir, 'flaky.fixed'), 1);
      const names = graph.map((g) => g.name);
      const script = join(dir, 'flow.mjs');
      const accepted = join(dir, 'accepted');
      const logs = [1, 2, 3].map((r) => join(dir, `commands-${r}.log`));
      writeShims(join(dir, 'shims-1'), logs[0]!, point.inSbatch ? { killAt: point.inSbatch, accepted } : {});
      writeFileSync(script, workflowScript(graph, { qtype: 'slurm', filedir, tag }));

      // Run 1, killed.
      const first = start(script, join(dir, 'shims-1'));
      await until(point.label, () => (point.records ? ledgerCount(filedir) >= point.records : existsSync(accepted)), 120_000);
      first.kill('group');
      await first.done;
      const ledger1 = await listRecords(createLocalHost(), filedir);
      const run1 = acceptedIds(logged(logs[0]!));
      // The user looks at the crash before rerunning: by then the flaky job has failed.
      await until('flaky failed', () => slurmTruth(tag).get('flaky')?.[0]?.state === 'FAILED', 60_000);

      // Run 2: the rerun, to the end.
      writeShims(join(dir, 'shims-2'), logs[1]!);
      const second = await start(script, join(dir, 'shims-2')).done;
      expect(second.code, second.stdout).toBe(0);
      const outcome2 = JSON.parse(second.stdout.trim().split('\n').pop()!) as WorkflowOutcome;
      const run2 = acceptedIds(logged(logs[1]!));

      // Run 3: the finished workflow again.
      writeShims(join(dir, 'shims-3'), logs[2]!);
      const third = await start(script, join(dir, 'shims-3')).done;
      expect(third.code, third.stdout).toBe(0);
      const outcome3 = JSON.parse(third.stdout.trim().split('\n').pop()!) as WorkflowOutcome;
      const run3 = acceptedIds(logged(logs[2]!));

      const truth = await settledTruth(tag, names);
      // What Slurm accepted from run 1: every submission it holds that runs 2 and 3 did not make
      // (their sbatch calls all returned; run 1's last one may have been cut off by the kill).
      const later = new Set([...run2, ...run3]);
      const before: Truth = new Map([...truth].map(([nm, subs]) => [nm, subs.filter((s) => !later.has(s.id))]));
      const f = crashFigures(names, before, truth);
      const inRun1 = names.filter((nm) => (before.get(nm)?.length ?? 0) > 0);
      const family = inRun1.filter((nm) => FLAKY_FAMILY.includes(nm));
      const unrecorded = ledger1.filter((r) => r.phase === 'submitting').length;
      process.stdout.write(
        `${formatFigures(`crash ${point.label}`, f)}; run 1 accepted ${run1.length} (ledger: ${ledger1.length} records, ${unrecorded} without an id), ` +
          `run 2 submitted ${run2.length} (${names.length - inRun1.length} missing + ${family.length} failed family) ` +
          `and re-attached ${names.length - run2.length} in ${outcome2.submitMs} ms with ${commands(logged(logs[1]!))} scheduler commands (ran to the end in ${outcome2.totalMs} ms), ` +
          `run 3 submitted ${run3.length}, re-attached ${Object.keys(outcome3.jobs).length} jobs in ${outcome3.submitMs} ms with ${commands(logged(logs[2]!))} scheduler commands (total ${outcome3.totalMs} ms)\n`,
      );
      expect(f).toMatchObject({ finished: 30, lost: 0, duplicated: 0 });
      expect(run2.length).toBe(names.length - inRun1.length + family.length);
      expect(f.resubmittedFailed).toBe(family.length);
      expect(run3).toEqual([]);
      for (const o of [outcome2, outcome3]) expect(Object.values(o.jobs).map((j) => j.state)).toEqual(names.map(() => 'completed'));
      expect(outcome3.jobs.root0!.stdout).toBe('root0\n');
      expect(Object.fromEntries(names.map((nm) => [nm, outcome3.jobs[nm]!.id]))).toEqual(Object.fromEntries(names.map((nm) => [nm, truth.get(nm)!.at(-1)!.id])));
      if (point.inSbatch) {
        // The job Slurm accepted in the kill's instant: submitted once, re-attached, its record completed.
        const id = /\d+/.exec(readFileSync(accepted, 'utf8'))![0];
        const name = graph[point.inSbatch - 1]!.name;
        expect(truth.get(name)!.map((s) => s.id)).toEqual([id]);
        const pending = ledger1.find((r) => r.name === `${tag}-${name}`)!;
        expect(pending.phase).toBe('submitting');
        expect((await findByKey(createLocalHost(), filedir, pending.key)).map((r) => r.id)).toEqual([id]);
      }
    }, 420_000);
  }
});
