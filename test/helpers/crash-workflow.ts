/**
 * The 30-job workflow of the crash-and-rerun fault test, written as a script that a child
 * process runs with `reuse: true`, plus the shims that watch what it asks of Slurm.
 *
 * Graph, in submission order: `flaky` (fails on its first run, succeeds once its marker file
 * exists: a fault the rerun repairs) with two dependents in a chain; six sleeping roots; twelve
 * mids, each after one root; six joins, each after two mids; two tails after three joins each;
 * `final` after both tails and the flaky chain.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** A job of the graph: its name, its command and the names it depends on (afterok). */
export interface GraphJob {
  name: string;
  cmd: string;
  deps: string[];
}

/** The names of the jobs that run again when `flaky` failed: itself and its descendants. */
export const FLAKY_FAMILY = ['flaky', 'fdep0', 'fdep1', 'final'];

/** The 30 jobs; `scale` stretches every sleep (seconds). */
export function crashGraph(marker: string, scale: number): GraphJob[] {
  const s = (n: number): string => (n * scale).toFixed(1);
  const jobs: GraphJob[] = [
    { name: 'flaky', cmd: `sleep ${s(1)}; if [ -e '${marker}' ]; then echo fixed; else touch '${marker}'; exit 1; fi`, deps: [] },
    { name: 'fdep0', cmd: 'echo fdep0', deps: ['flaky'] },
    { name: 'fdep1', cmd: 'echo fdep1', deps: ['fdep0'] },
  ];
  for (let i = 0; i < 6; i++) jobs.push({ name: `root${i}`, cmd: `sleep ${s(4 + (i % 3))}; echo root${i}`, deps: [] });
  for (let i = 0; i < 12; i++) jobs.push({ name: `mid${i}`, cmd: `sleep ${s(1)}; echo mid${i}`, deps: [`root${i % 6}`] });
  for (let i = 0; i < 6; i++) jobs.push({ name: `join${i}`, cmd: `echo join${i}`, deps: [`mid${2 * i}`, `mid${2 * i + 1}`] });
  jobs.push({ name: 'tail0', cmd: 'echo tail0', deps: ['join0', 'join1', 'join2'] });
  jobs.push({ name: 'tail1', cmd: 'echo tail1', deps: ['join3', 'join4', 'join5'] });
  jobs.push({ name: 'final', cmd: 'echo final', deps: ['tail0', 'tail1', 'fdep1'] });
  return jobs;
}

/** What the workflow script prints last: how long submitting took and how each job ended. */
export interface WorkflowOutcome {
  submitMs: number;
  totalMs: number;
  jobs: Record<string, { id: string; state: string; stdout: string }>;
}

/**
 * The workflow script: submits the graph in order (each `submit` waits for the previous one,
 * as a script would), prints `submitted <ms>`, waits for every job, prints the outcome as JSON.
 */
export function workflowScript(graph: GraphJob[], opts: { qtype: string; filedir: string; tag: string }): string {
  const dist = pathToFileURL(resolve('dist/index.js')).href;
  const base = { qtype: opts.qtype, filedir: opts.filedir, reuse: true, cores: 1, ...(opts.qtype === 'local' ? {} : { time: '5m', mem: 100 }) };
  return `import { submit, wait } from ${JSON.stringify(dist)};
const graph = ${JSON.stringify(graph)};
const base = ${JSON.stringify(base)};
const started = performance.now();
const jobs = {};
for (const { name, cmd, deps } of graph) {
  const depends = deps.map((d) => jobs[d]);
  jobs[name] = await submit(cmd, { ...base, name: ${JSON.stringify(opts.tag)} + '-' + name, ...(depends.length ? { depends } : {}) });
}
const submitMs = Math.round(performance.now() - started);
console.log('submitted ' + submitMs);
await wait(Object.values(jobs), { timeout: 600000 }).catch(() => undefined);
const out = {};
for (const [name, job] of Object.entries(jobs)) out[name] = { id: job.id, state: job.state, stdout: job.stdout ?? '' };
console.log(JSON.stringify({ submitMs, totalMs: Math.round(performance.now() - started), jobs: out }));
process.exit(0);
`;
}

/** Slurm commands wrapped by the shims (each call is logged, then the real command runs). */
const WRAPPED = ['sbatch', 'squeue', 'sacct', 'scontrol', 'scancel', 'sinfo'];

/**
 * A directory of shims for Slurm's commands, put first on the workflow's PATH. Each logs its
 * name to `log` and runs the real command. With `killAt`, the sbatch call of that number writes
 * the id Slurm gave to `accepted` and then hangs before printing it: the submitting process is
 * killed in that window, after Slurm accepted the job and before hpcq could record its id.
 */
export function writeShims(dir: string, log: string, opts: { killAt?: number; accepted?: string } = {}): string {
  mkdirSync(dir, { recursive: true });
  for (const cmd of WRAPPED) {
    const real = `/usr/bin/${cmd}`;
    const hang =
      cmd === 'sbatch' && opts.killAt
        ? `n=$(grep -c '^sbatch$' '${log}')
if [ "$n" = "${opts.killAt}" ]; then printf '%s\\n' "$out" > '${opts.accepted}.tmp'; mv '${opts.accepted}.tmp' '${opts.accepted}'; exec sleep 300; fi
`
        : '';
    const body =
      cmd === 'sbatch'
        ? `echo sbatch >> '${log}'
out=$('${real}' "$@"); rc=$?
[ $rc = 0 ] && echo "accepted $out" >> '${log}'
${hang}printf '%s\\n' "$out"; exit $rc
`
        : `echo ${cmd} >> '${log}'
exec '${real}' "$@"
`;
    const file = join(dir, cmd);
    writeFileSync(file, `#!/bin/bash\n${body}`);
    chmodSync(file, 0o755);
  }
  return dir;
}
