// B6: 1,000 no-op function calls on the Slurm testbed, in one run: one `map` (one array), a
// `submit` loop (B6_LOOP calls, default 200, extrapolated to 1,000 and said so), and the baseline,
// a raw `sbatch --array` of a trivial script waited for with sacct. Then the same map on the
// testbed's Torque commands and Grid Engine (b6-backends.mjs). Wall time runs from the first
// call to the last result; scheduler commands are counted by hpcq's command runner.
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { map, submit, getCommandStats, createLocalHost } from '../dist/index.js';
import { backendSections, mapLine } from './b6-backends.mjs';
import { rawArray } from './b6-raw.mjs';
import { benchDirs, findTestbed, now, ratio, since } from './testbed.mjs';

const COUNT = Number(process.env.B6_COUNT ?? 1000);
const LOOP = Math.min(COUNT, Number(process.env.B6_LOOP ?? 200));
const CHUNK = Number(process.env.B6_CHUNK ?? 10);
const BACKENDS = (process.env.B6_BACKENDS ?? 'slurm,torque,sge').split(',').map((s) => s.trim()).filter(Boolean);
// The same resources for every variant, so the node packs as many tasks of each at once.
const RESOURCES = { mem: 100, time: '10m' };

const conn = findTestbed('B6');
if (!conn) process.exit(0);
const { dir, done } = benchDirs('hpcq-b6-');
const host = createLocalHost();

/** Commands of `qtype` hpcq ran while `fn` ran, by name. */
async function counted(qtype, fn) {
  const stats = getCommandStats(qtype, host);
  const before = { ...stats.byName };
  const value = await fn();
  const by = Object.fromEntries(Object.entries(stats.byName).map(([k, v]) => [k, v - (before[k] ?? 0)]).filter(([, v]) => v > 0));
  return { value, commands: Object.values(by).reduce((a, b) => a + b, 0), by };
}

/** One map of COUNT no-ops on `qtype`: wall time, submit time, commands to submit and to wait. */
async function timeMap(qtype, extra = {}) {
  const items = Array.from({ length: COUNT }, (_, i) => i);
  const t0 = now();
  const c0 = process.cpuUsage();
  const sub = await counted(qtype, () => map((item) => item, items, { qtype, filedir: join(dir, `map-${qtype}-${extra.chunk ?? 1}`), ...RESOURCES, ...extra }));
  const submitted = since(t0);
  const waited = await counted(qtype, () => sub.value.results());
  const wall = since(t0);
  const { user, system } = process.cpuUsage(c0);
  const results = waited.value;
  if (results.length !== COUNT || results.some((r, i) => r !== i)) throw new Error(`map on ${qtype}: results out of order or missing`);
  return { wall, cpu: (user + system) / 1e6, submitted, submitCommands: sub.commands, submitBy: sub.by, waitCommands: waited.commands, waitBy: waited.by };
}

async function timeLoop() {
  const t0 = now();
  const sub = await counted('slurm', async () => {
    const jobs = [];
    for (let i = 0; i < LOOP; i++) jobs.push(await submit((x) => x, { qtype: 'slurm', args: [i], filedir: join(dir, 'loop'), ...RESOURCES }));
    return jobs;
  });
  const submitted = since(t0);
  const results = await Promise.all(sub.value.map((j) => j.get()));
  const wall = since(t0);
  if (results.some((r, i) => r.result !== i)) throw new Error('submit loop: a result is wrong');
  return { wall, submitted, commands: sub.commands };
}

const script = join(dir, 'noop.sh');
writeFileSync(script, '#!/bin/bash\ntrue\n', { mode: 0o755 });
// Every function task starts a Node process: this baseline shows what hpcq adds beyond that.
const nodeScript = join(dir, 'node.sh');
writeFileSync(nodeScript, `#!/bin/bash\nexec ${process.execPath} -e 0\n`, { mode: 0o755 });
console.log(`B6 ${COUNT} no-op function calls on the Slurm testbed (${conn.cpus ?? '?'} job slots on a ${availableParallelism()}-core machine)`);
const raw = await rawArray(script, COUNT, RESOURCES);
const rawNode = await rawArray(nodeScript, COUNT, RESOURCES);
const m = await timeMap('slurm');
const packed = await timeMap('slurm', { chunk: CHUNK });
const loop = await timeLoop();
const loop1000 = (loop.wall * COUNT) / LOOP;
const rate = (t) => `${(COUNT / t).toFixed(1)} functions/s`;
console.log(`  raw sbatch --array    ${raw.wall.toFixed(1)} s, ${rate(raw.wall)} (script: true; submit ${(raw.submitted * 1000).toFixed(0)} ms, 1 sbatch; ${raw.polls} sacct polls)`);
console.log(`  raw array of node -e 0 ${rawNode.wall.toFixed(1)} s, ${rate(rawNode.wall)} (what starting Node in every task costs)`);
console.log(mapLine('map', m, COUNT));
console.log(mapLine(`map chunk ${CHUNK}`, packed, COUNT));
const extra = LOOP < COUNT ? `; ${COUNT} extrapolated: ${loop1000.toFixed(0)} s` : '';
console.log(`  submit loop of ${LOOP}    ${loop.wall.toFixed(1)} s, ${(LOOP / loop.wall).toFixed(1)} functions/s (${((loop.submitted * 1000) / LOOP).toFixed(1)} ms and ${(loop.commands / LOOP).toFixed(1)} commands per submit)${extra}`);
console.log(`  ratio map/raw ${ratio(m.wall, raw.wall)} (target <= 1.5); map/raw node ${ratio(m.wall, rawNode.wall)} (hpcq's own cost); map chunk ${CHUNK}/raw ${ratio(packed.wall, raw.wall)}`);
console.log(`  ratio loop/map ${ratio(loop1000, m.wall)}, loop/map chunk ${CHUNK} ${ratio(loop1000, packed.wall)} (target >= 10${LOOP < COUNT ? `; loop of ${LOOP} scaled to ${COUNT}` : ''})`);
console.log(`  commands to submit the map: ${m.submitCommands} (target <= 5)`);
await backendSections(BACKENDS.filter((b) => b !== 'slurm'), { conn, timeMap, count: COUNT, dir, script, raw });
done();
