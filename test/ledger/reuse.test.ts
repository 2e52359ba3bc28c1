/**
 * `reuse: true` across processes: each run is a new node process (as a rerun of a workflow
 * script is), over the same filedir. Finished jobs are re-attached with their outputs and
 * results; a failed job is resubmitted together with its dependents, and nothing else is.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { listRecords } from '../../src/ledger/index.js';
import { createLocalHost } from '../../src/util/local-host.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

const config = useFileTempConfig('hpcq-reuse-');
const run = promisify(execFile);

/** The workflow: prepare → check (fails until the flag file exists) → report (afterany); prepare → square (a function). */
function workflow(filedir: string, flag: string): string {
  const dist = pathToFileURL(resolve('dist/index.js')).href;
  return `import { submit } from ${JSON.stringify(dist)};
const o = { qtype: 'local', filedir: ${JSON.stringify(filedir)}, reuse: true };
const prepare = await submit('echo prepared', { ...o, name: 'prepare' });
const check = await submit(${JSON.stringify(`test -f '${flag}' || exit 3; echo checked`)}, { ...o, name: 'check', depends: prepare });
const report = await submit('echo reported', { ...o, name: 'report', depends: { afterany: [check] } });
const square = await submit(function square(x) { return x * x; }, { ...o, args: [7], depends: prepare });
const jobs = { prepare, check, report, square };
await Promise.all(Object.values(jobs).map((j) => j.wait()));
const out = {};
for (const [k, j] of Object.entries(jobs)) {
  const r = await j.get().catch((e) => e);
  out[k] = { id: j.id, state: j.state, script: j.files.submit, stdout: r.stdout, result: r.result };
}
const { getDefaultRunner } = await import(${JSON.stringify(pathToFileURL(resolve('dist/local-runner/index.js')).href)});
await getDefaultRunner().close();
console.log(JSON.stringify(out));
`;
}

type Outcome = Record<'prepare' | 'check' | 'report' | 'square', { id: string; state: string; script: string; stdout?: string; result?: unknown }>;

it('a rerun re-attaches to finished jobs and resubmits only the failed one and its dependents', async () => {
  if (!existsSync(resolve('dist/index.js'))) throw new Error('dist/index.js missing: run npm run build (npm test does it first)');
  const filedir = join(config.dir, 'flow');
  const flag = join(config.dir, 'fixed');
  const script = join(config.dir, 'flow.mjs');
  await writeFile(script, workflow(filedir, flag));
  const host = createLocalHost();
  const rerun = async (): Promise<Outcome> => {
    const { stdout } = await run(process.execPath, [script], { env: { ...process.env, HPCQ_LOG: 'warn' } });
    return JSON.parse(stdout.trim().split('\n').pop()!) as Outcome;
  };

  const first = await rerun();
  expect(Object.fromEntries(Object.entries(first).map(([k, v]) => [k, v.state]))).toEqual({ prepare: 'completed', check: 'failed', report: 'completed', square: 'completed' });
  expect(await listRecords(host, filedir)).toHaveLength(4);

  // The failure is fixed; the rerun submits check and its dependent report, and re-attaches the rest.
  await writeFile(flag, '');
  const second = await rerun();
  expect(Object.fromEntries(Object.entries(second).map(([k, v]) => [k, v.state]))).toEqual({ prepare: 'completed', check: 'completed', report: 'completed', square: 'completed' });
  expect(second.prepare.script).toBe(first.prepare.script);
  expect(second.square.script).toBe(first.square.script);
  expect(second.check.script).not.toBe(first.check.script);
  expect(second.report.script).not.toBe(first.report.script);
  // Re-attached jobs give their earlier outputs and results.
  expect(second.prepare.stdout).toBe('prepared\n');
  expect(second.square.result).toBe(49);
  expect(second.check.stdout).toBe('checked\n');
  expect(await listRecords(host, filedir)).toHaveLength(6);

  // Everything finished: a third run submits nothing.
  const third = await rerun();
  for (const k of ['prepare', 'check', 'report', 'square'] as const) expect(third[k].script).toBe(second[k].script);
  expect(await listRecords(host, filedir)).toHaveLength(6);
}, 60_000);
