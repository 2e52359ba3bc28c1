/**
 * `reuse: true` on the Slurm testbed, across processes: a rerun re-attaches to a job that
 * finished (with its output) and to one still pending in Slurm (same id, followed by the poller),
 * and submits nothing new.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { attachJob, cancel } from '../../src/api/index.js';
import { findByKey, listRecords, recordSubmission, recoverRecord } from '../../src/ledger/index.js';
import { normalizeDepends } from '../../src/core/dependencies.js';
import { createJobSpec } from '../../src/job/spec.js';
import { writeJob } from '../../src/job/write.js';
import { schedulerFor } from '../../src/queue/index.js';
import { createLocalHost } from '../../src/util/local-host.js';
import { describeCluster } from '../helpers/cluster.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

const config = useFileTempConfig('hpcq-reuse-slurm-');
const run = promisify(execFile);

function workflow(filedir: string): string {
  return `import { submit } from ${JSON.stringify(pathToFileURL(resolve('dist/index.js')).href)};
const o = { qtype: 'slurm', filedir: ${JSON.stringify(filedir)}, time: '5m', mem: 100, reuse: true };
const done = await submit('echo done', { ...o, name: 'done' });
const res = await done.get({ timeout: 90000 });
// Held in the queue for an hour: the process ends while Slurm still has it.
const later = await submit('echo later', { ...o, name: 'later', begin: 'now+1hour', depends: done });
await later.update();
console.log(JSON.stringify({ done: { id: done.id, state: done.state, stdout: res.stdout }, later: { id: later.id, state: later.state } }));
process.exit(0);
`;
}

/** Six held jobs submitted one after the other with reuse; prints their ids and the commands run. */
function heldWorkflow(filedir: string): string {
  const dist = pathToFileURL(resolve('dist/index.js')).href;
  return `import { submit, getCommandStats } from ${JSON.stringify(dist)};
import { createLocalHost } from ${JSON.stringify(pathToFileURL(resolve('dist/util/local-host.js')).href)};
const o = { qtype: 'slurm', filedir: ${JSON.stringify(filedir)}, time: '5m', mem: 100, reuse: true, begin: 'now+1hour' };
const ids = [];
for (let i = 0; i < 6; i++) ids.push((await submit('echo held ' + i, { ...o, name: 'held' + i })).id);
console.log(JSON.stringify({ ids, byName: getCommandStats('slurm', createLocalHost()).byName }));
process.exit(0);
`;
}

describeCluster('reuse on Slurm', () => {
  it('a rerun re-attaches to a finished and a pending job and submits nothing', async () => {
    if (!existsSync(resolve('dist/index.js'))) throw new Error('dist/index.js missing: run npm run build (npm test does it first)');
    const filedir = join(config.dir, 'slurm-flow');
    const script = join(config.dir, 'flow.mjs');
    await writeFile(script, workflow(filedir));
    const host = createLocalHost();
    const once = async (): Promise<{ done: { id: string; state: string; stdout: string }; later: { id: string; state: string } }> => {
      const { stdout } = await run(process.execPath, [script], { timeout: 120_000 });
      return JSON.parse(stdout.trim().split('\n').pop()!);
    };
    const first = await once();
    try {
      expect(first.done).toMatchObject({ state: 'completed', stdout: 'done\n' });
      const second = await once();
      expect(second.done).toEqual(first.done);
      expect(second.later.id).toBe(first.later.id);
      expect(['pending', 'held']).toContain(second.later.state);
      const records = await listRecords(host, filedir);
      expect(records.map((r) => r.id)).toEqual([first.done.id, first.later.id]);
      // Attached from this process: the finished job with its output, the pending one followed live.
      const done = await attachJob(first.done.id, { filedir, qtype: 'slurm' });
      expect((await done.get()).stdout).toBe('done\n');
      const later = await attachJob(records[1]!.key, { filedir });
      expect(later.id).toBe(first.later.id);
      await later.cancel();
      await later.wait({ timeout: 60_000 });
      expect(later.state).toBe('cancelled');
    } finally {
      await cancel([first.later.id], { qtype: 'slurm' });
    }
  }, 240_000);

  it('a rerun asks Slurm once about all its unfinished jobs, not once per job', async () => {
    const filedir = join(config.dir, 'held-flow');
    const script = join(config.dir, 'held.mjs');
    await writeFile(script, heldWorkflow(filedir));
    const once = async (): Promise<{ ids: string[]; byName: Record<string, number> }> => {
      const { stdout } = await run(process.execPath, [script], { timeout: 120_000 });
      return JSON.parse(stdout.trim().split('\n').pop()!);
    };
    const first = await once();
    try {
      expect(first.byName.sbatch).toBe(6);
      const second = await once();
      expect(second.ids).toEqual(first.ids);
      // Six re-attachments to pending jobs: no sbatch, and one squeue for all six (was six).
      expect(second.byName.sbatch ?? 0).toBe(0);
      expect(second.byName.squeue).toBe(1);
      process.stdout.write(`reuse of 6 pending jobs: ${JSON.stringify(second.byName)}\n`);
      // A squeue that fails (neither "no such job" nor transient) says nothing of the jobs: the
      // rerun stops with a SubmitError instead of submitting a second copy of a job that still runs.
      const bin = join(config.dir, 'failing-squeue');
      await mkdir(bin, { recursive: true });
      await writeFile(join(bin, 'squeue'), '#!/bin/sh\necho "squeue: error: access to the job list refused by the test" >&2\nexit 1\n', { mode: 0o755 });
      const third = await run(process.execPath, [script], { timeout: 120_000, env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } }).then(
        () => undefined,
        (e: { code?: number; stderr?: string }) => e,
      );
      expect(third?.code).not.toBe(0);
      expect(third?.stderr).toMatch(/Could not tell whether job \d+ \(held0\) of an earlier run is still queued or running/);
      expect(third?.stderr).toMatch(/access to the job list refused by the test/);
      expect((await listRecords(createLocalHost(), filedir)).map((r) => r.id)).toEqual(first.ids);
    } finally {
      await cancel(first.ids, { qtype: 'slurm' });
    }
  }, 240_000);

  it('a submission interrupted between sbatch and its record is found again by its key', async () => {
    const filedir = join(config.dir, 'crash');
    const host = createLocalHost();
    const spec = createJobSpec('echo later', { qtype: 'slurm', filedir, name: 'crash-later', time: '5m', mem: 100, begin: 'now+1hour' });
    await writeJob(spec, host);
    // The process "dies" right after Slurm accepted the job: the record never gets the id.
    let onAccepted: (id: string) => void = () => undefined;
    const acceptedNow = new Promise<string>((resolve) => (onAccepted = resolve));
    const submission = recordSubmission({ job: {}, spec, host, depends: normalizeDepends(undefined) }, async () => {
      const { files } = spec;
      const scheduler = schedulerFor('slurm', host);
      onAccepted(await scheduler.submit({ name: spec.name, script: files.submit, outfile: files.out, errfile: files.err, statusFile: files.status, cwd: filedir, depends: {} }));
      return new Promise<string>(() => undefined);
    });
    // The submission itself never resolves; it only rejects if sbatch refused the job.
    const accepted = await Promise.race([acceptedNow, submission]);
    try {
      expect(accepted).toMatch(/^\d+$/);
      const [record] = await listRecords(host, filedir);
      expect(record).toMatchObject({ phase: 'submitting' });
      // Pending: no status file yet, so only Slurm's copy of the script can tell.
      const recovered = await recoverRecord(host, record!);
      expect(recovered).toMatchObject({ source: 'scheduler', record: { phase: 'submitted', id: accepted } });
      expect((await findByKey(host, filedir, record!.key)).map((r) => r.id)).toEqual([accepted]);
    } finally {
      await cancel([accepted], { qtype: 'slurm' });
    }
  }, 120_000);
});
