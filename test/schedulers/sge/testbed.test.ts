// The Grid Engine back-end's commands against the testbed's real Grid Engine: its argv, its
// directives and job environment, its parsers, and the dependency guard with no hpcq process
// watching (the scheduler alone runs the jobs).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { renderDependencyGuard, type DependencyGuard } from '../../../src/job/dependency-guard.js';
import { renderWrapper } from '../../../src/job/wrapper.js';
import type { CheckedOptions } from '../../../src/options/types.js';
import { sgeBackend as sge } from '../../../src/schedulers/sge/index.js';
import type { JobRecord } from '../../../src/types.js';
import { createLocalHost } from '../../../src/util/local-host.js';
import { describeCluster, testbed } from '../../helpers/cluster.js';

const host = createLocalHost();
const dir = mkdtempSync(join(process.env.HPCQ_TEST_TMP ?? '/tmp', 'hpcq-sge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));
const LIMIT = 90_000;

/** Runs a back-end argv with the testbed's Grid Engine command directory. */
async function sh(argv: string[]) {
  return host.run([join(testbed!.sgeBin!, argv[0]!), ...argv.slice(1)], { cwd: dir });
}

/** Writes and submits a job: the back-end's directives, hpcq's wrapper (with a guard), `command`. */
async function submit(name: string, command: string, opts: { options?: Partial<CheckedOptions>; guard?: DependencyGuard; after?: string[] } = {}) {
  const status = join(dir, `${name}.status`);
  const lines = Object.entries(opts.options ?? {}).flatMap(([k, v]) => {
    const r = sge.directives.options[k as keyof typeof sge.directives.options] as { render(v: unknown, o: unknown): readonly string[] };
    return r.render(v, opts.options);
  });
  const script = join(dir, `${name}.sge`);
  const wrapper = renderWrapper({ status, command, dir, jobId: sge.env.jobId, ...(opts.guard ? { guard: renderDependencyGuard(opts.guard) } : {}) });
  writeFileSync(script, ['#!/bin/bash', `#$ ${sge.directives.jobName(name)}`, ...lines.map((l) => `#$ ${l}`), ...wrapper, ''].join('\n'));
  const argv = sge.submitCommand({ script, cwd: dir, outfile: join(dir, `${name}.out`), errfile: join(dir, `${name}.err`), depends: { afterany: opts.after ?? [] } });
  const r = await sh(argv);
  expect(r.exitCode, r.stderr).toBe(0);
  return { id: sge.parseSubmitOutput(r.stdout), status, out: join(dir, `${name}.out`) };
}

/** The job's accounting record once qstat no longer lists it (the testbed flushes accounting at once). */
async function finished(id: string): Promise<JobRecord> {
  const deadline = Date.now() + LIMIT;
  while (Date.now() < deadline) {
    const live = sge.parseQueue((await sh(sge.queueCommand({}))).stdout);
    if (!live.some((r) => r.baseId === id)) {
      const h = await sh(sge.historyCommand!([id]));
      const rec = sge.parseHistory!(h.stdout).find((r) => r.id === id);
      if (rec) return rec;
    }
    await new Promise((res) => setTimeout(res, 300));
  }
  throw new Error(`job ${id} did not finish`);
}

describeCluster('Grid Engine back-end on the testbed', () => {
  it.skipIf(!testbed?.sgeBin)('runs a job with 2 slots, a time and memory limit, and reads its end from qacct', async () => {
    const env = `${sge.env.jobId} ${sge.env.cores} ${sge.env.arrayIndex}x ${sge.env.submitDir}`;
    const job = await submit('slots', `echo ${env}`, { options: { cores: 2, time: 600, mem: 1024 } });
    const rec = await finished(job.id);
    expect(rec).toMatchObject({ id: job.id, state: 'completed', exitCode: 0, cpus: 2, name: 'slots' });
    expect(readFileSync(job.out, 'utf8').trim()).toBe(`${job.id} 2 x ${dir}`);
    const detail = readFileSync(job.status, 'utf8');
    expect(detail).toMatch(/^exit=0$/m);
  }, LIMIT);

  it.skipIf(!testbed?.sgeBin)('ends the afterok dependents of a failed job as dependency_never_satisfied, with nobody watching', async () => {
    const a = await submit('dep-a', 'exit 3');
    const guardA = { afterok: [a.status], afternotok: [] };
    const b = await submit('dep-b', `touch ${join(dir, 'b-ran')}`, { guard: guardA, after: [a.id] });
    const c = await submit('dep-c', `touch ${join(dir, 'c-ran')}`, { guard: { afterok: [b.status], afternotok: [] }, after: [b.id] });
    const rescue = await submit('dep-rescue', 'echo rescued', { guard: { afterok: [], afternotok: [a.status] }, after: [a.id] });
    expect(await finished(a.id)).toMatchObject({ state: 'failed', reason: 'nonzero_exit', exitCode: 3 });
    // -hold_jid released them all; the guard ended b and c without running their command.
    const [rb, rc, rr] = [await finished(b.id), await finished(c.id), await finished(rescue.id)];
    for (const j of [b, c]) expect(readFileSync(j.status, 'utf8')).toMatch(/^reason=dependency_never_satisfied\nexit=1\nend=\d+$/m);
    expect(existsSync(join(dir, 'b-ran')) || existsSync(join(dir, 'c-ran'))).toBe(false);
    expect(readFileSync(join(dir, 'dep-b.err'), 'utf8')).toContain(`did not succeed: ${a.status}`);
    expect(readFileSync(rescue.out, 'utf8')).toBe('rescued\n');
    // As promptly as the scheduler starts them: well inside one settle period after a ended.
    const aEnd = (await finished(a.id)).endTime!.getTime();
    expect(rc.endTime!.getTime() - aEnd).toBeLessThan(15_000);
    // The guard exits 1, so the scheduler's own record of b and c is a failure, never a success.
    expect([rb.state, rc.state, rr.state]).toEqual(['failed', 'failed', 'completed']);
    expect(renderDependencyGuard(guardA).join('\n')).toContain(a.status);
  }, LIMIT);

  it.skipIf(!testbed?.sgeBin)('lets the wrapper record a qdel, and reports h_rt as timeout', async () => {
    const job = await submit('cancel', 'sleep 120');
    const hrt = await submit('hrt', 'sleep 120', { options: { time: 3 } });
    for (let i = 0; i < 200 && !/^pid=/m.test(existsSync(job.status) ? readFileSync(job.status, 'utf8') : ''); i++) {
      await new Promise((res) => setTimeout(res, 200));
    }
    const del = await sh(sge.cancelCommand([job.id]));
    expect(del.exitCode, del.stderr).toBe(0);
    expect(await finished(job.id)).toMatchObject({ state: 'failed', reason: 'signal', signal: 15 });
    expect(readFileSync(job.status, 'utf8')).toMatch(/^signal=15\nexit=143\nend=\d+$/m);
    expect(await finished(hrt.id)).toMatchObject({ state: 'failed', reason: 'timeout' });
    // Cancelling again, after the end, is a "no such job" answer.
    const again = await sh(sge.cancelCommand([job.id]));
    expect(again.stdout + again.stderr).toMatch(sge.messages.noSuchJob);
  }, LIMIT);
});
