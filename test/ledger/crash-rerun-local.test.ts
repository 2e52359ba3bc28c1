/**
 * The crash-and-rerun test on the local back-end: the workflow script that owns the local pool
 * is killed with SIGKILL (the script alone, as `kill -9 PID`) once its ledger holds 12 records,
 * its flaky job has failed and 3 jobs have completed. Its jobs end with it. The truth is the pool's status files: a
 * rerun with `reuse` runs again only what did not complete (cut short, never started, failed,
 * or behind the failed job), never a job that completed; a third run runs nothing.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { crashFigures, formatFigures, statusTruth } from '../helpers/crash-truth.js';
import { crashGraph, workflowScript, type WorkflowOutcome } from '../helpers/crash-workflow.js';
import { ledgerCount, sleep, start, until } from '../helpers/crash-run.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

const config = useFileTempConfig('hpcq-crash-local-');

it('kill -9 of the process owning a local pool, mid-workflow: the rerun completes 30/30, 0 lost, 0 duplicated; a third run runs 0', async () => {
  if (!existsSync(resolve('dist/index.js'))) throw new Error('dist/index.js missing: run npm run build (npm test does it first)');
  const tag = `lcrash${Date.now() % 100000}`;
  const filedir = join(config.dir, 'jobs');
  const graph = crashGraph(join(config.dir, 'flaky.fixed'), 0.5);
  const names = graph.map((g) => g.name);
  const script = join(config.dir, 'flow.mjs');
  writeFileSync(script, workflowScript(graph, { qtype: 'local', filedir, tag }));
  const statusFiles = (): number => (existsSync(filedir) ? readdirSync(filedir).filter((f) => f.endsWith('.status')).length : 0);

  const first = start(script);
  const ended = (): boolean => {
    const t = statusTruth(filedir, tag);
    const completed = [...t.values()].filter((runs) => runs[0]!.state === 'COMPLETED').length;
    return t.get('flaky')?.[0]?.state === 'FAILED' && completed >= 3;
  };
  await until('12 records, the flaky job failed and 3 jobs completed', () => ledgerCount(filedir) >= 12 && ended(), 90_000);
  first.kill('process');
  await first.exited;
  // The pool's wrappers notice their owner is gone; give them a moment to end.
  await sleep(1000);
  const before = statusTruth(filedir, tag);
  const startedBefore = statusFiles();

  const second = await start(script).done;
  expect(second.code, second.stdout).toBe(0);
  const outcome2 = JSON.parse(second.stdout.trim().split('\n').pop()!) as WorkflowOutcome;
  const startedSecond = statusFiles() - startedBefore;
  const third = await start(script).done;
  expect(third.code, third.stdout).toBe(0);
  const outcome3 = JSON.parse(third.stdout.trim().split('\n').pop()!) as WorkflowOutcome;
  const startedThird = statusFiles() - startedBefore - startedSecond;

  const after = statusTruth(filedir, tag);
  const f = crashFigures(names, before, after);
  const completedBefore = names.filter((n) => before.get(n)?.at(-1)?.state === 'COMPLETED');
  process.stdout.write(
    `${formatFigures('local crash at 12 ledger records', f)}; run 1 started ${startedBefore} (${completedBefore.length} completed), ` +
      `run 2 started ${startedSecond} and re-attached ${completedBefore.length} in ${outcome2.submitMs} ms (ran to the end in ${outcome2.totalMs} ms), ` +
      `run 3 started ${startedThird}, re-attached ${Object.keys(outcome3.jobs).length} in ${outcome3.submitMs} ms\n`,
  );
  expect(f).toMatchObject({ finished: 30, lost: 0, duplicated: 0 });
  expect(f.resubmittedFailed).toBeGreaterThanOrEqual(1);
  expect(completedBefore.length).toBeGreaterThanOrEqual(3);
  // Every job that had not completed runs once more, and only those.
  expect(startedSecond).toBe(names.length - completedBefore.length);
  expect(startedThird).toBe(0);
  for (const o of [outcome2, outcome3]) expect(Object.values(o.jobs).map((j) => j.state)).toEqual(names.map(() => 'completed'));
  expect(outcome3.jobs.flaky!.stdout).toBe('fixed\n');
}, 300_000);
