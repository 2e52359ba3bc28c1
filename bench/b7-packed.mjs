// B7: 100,000 tiny functions through `map` with packing (B7_CHUNK items per task, default 1,000,
// so 100 tasks), on the local runner and on the Slurm testbed: items/s and the peak memory (RSS
// high-water, process.resourceUsage().maxRSS) of the submitting process, target < 200 MB.
// Baselines in the same run: the same calls in-process (the floor), and one plain Node child
// over a JSON file of the items (what packing without hpcq costs). Each variant runs in a
// process of its own, so one's memory high-water cannot show up in another's figure.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchDirs, findTestbed, now, ratio, since } from './testbed.mjs';

const COUNT = Number(process.env.B7_COUNT ?? 100_000);
const CHUNK = Number(process.env.B7_CHUNK ?? 1000);
const tiny = (x) => x * 2 + 1;
const items = () => Array.from({ length: COUNT }, (_, i) => i);
const check = (results) => {
  if (results.length !== COUNT || results.some((r, i) => r !== i * 2 + 1)) throw new Error('results wrong or out of order');
};

/** One variant, in this (child) process: its wall time and this process's RSS high-water. */
const VARIANTS = {
  async inprocess() {
    const xs = items();
    const t0 = now();
    check(xs.map((x) => tiny(x)));
    return since(t0);
  },
  async child(dir) {
    const t0 = now();
    const input = join(dir, 'items.json');
    const output = join(dir, 'results.json');
    writeFileSync(input, JSON.stringify(items()));
    const code = `const fs=require('fs');const f=${tiny.toString()};fs.writeFileSync(${JSON.stringify(output)},JSON.stringify(JSON.parse(fs.readFileSync(${JSON.stringify(input)},'utf8')).map((x)=>f(x))))`;
    const r = spawnSync(process.execPath, ['-e', code], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`node child exited ${r.status}`);
    check(JSON.parse(readFileSync(output, 'utf8')));
    return since(t0);
  },
  async local(dir) {
    return timeMap('local', dir);
  },
  async slurm(dir) {
    return timeMap('slurm', dir, { mem: 200, time: '10m' });
  },
};

async function timeMap(qtype, dir, extra = {}) {
  const { map } = await import('../dist/index.js');
  const xs = items();
  const t0 = now();
  const arr = await map(tiny, xs, { qtype, filedir: join(dir, qtype), chunk: CHUNK, ...extra });
  check(await arr.results());
  return since(t0);
}

const [variant] = process.argv.slice(2);
if (variant) {
  // A child: run one variant and report on stdout's last line.
  const { dir, done } = benchDirs(`hpcq-b7-${variant}-`);
  const wall = await VARIANTS[variant](dir);
  done();
  console.log(JSON.stringify({ wall, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}

/** Run `name` in a child process; its figures, or undefined when it failed (said why). */
function runVariant(name) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), name], { encoding: 'utf8', env: process.env, maxBuffer: 64 << 20 });
  const last = r.stdout.trim().split('\n').pop();
  if (r.status !== 0 || !last?.startsWith('{')) {
    console.log(`  ${name} failed (exit ${r.status}): ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ')}`);
    return undefined;
  }
  return JSON.parse(last);
}

const rate = (f) => `${(COUNT / f.wall).toFixed(0)} items/s`;
const line = (label, f) => console.log(`  ${label.padEnd(26)} ${rate(f).padStart(14)} (${f.wall.toFixed(2)} s; peak RSS ${f.maxRssMb.toFixed(0)} MB)`);
console.log(`B7 ${COUNT} tiny functions through map, ${CHUNK} items per task (${Math.ceil(COUNT / CHUNK)} tasks)`);
const floor = runVariant('inprocess');
const child = runVariant('child');
if (floor) line('in-process calls (floor)', floor);
if (child) line('one node child over JSON', child);
const rows = [['local', 'map, local runner']];
if (findTestbed('B7 slurm')) rows.push(['slurm', 'map, Slurm testbed']);
for (const [name, label] of rows) {
  const f = runVariant(name);
  if (!f) continue;
  line(label, f);
  const vs = [floor && `${ratio(f.wall, floor.wall)} the in-process time`, child && `${ratio(f.wall, child.wall)} one node child's`].filter(Boolean).join(', ');
  console.log(`    ratio: ${vs}; peak RSS ${f.maxRssMb < 200 ? 'under' : 'OVER'} the 200 MB target`);
}
