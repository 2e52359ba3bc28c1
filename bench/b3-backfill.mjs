// B3: backfill efficiency. A seeded mix of sleeping jobs of 1..8 cores and varied lengths, some
// with dependencies, on a runner of 8 virtual cores (sleeps use no CPU, so packing is what
// counts). Prints makespan / lower bound, where the bound is
// max(core-seconds / cores, longest dependency chain). Jobs carry a time limit (their length
// plus a quarter second, rounded up to a tenth, as a user's estimate), which lets EASY backfill work.
import { LocalRunner } from '../dist/local-runner/index.js';
import { seededRandom } from './random.mjs';

const CORES = 8;
const COUNT = Number(process.env.B3_COUNT ?? 120);
const SEED = Number(process.env.B3_SEED ?? 42);


const rand = seededRandom(SEED);
const sizes = [1, 1, 1, 1, 2, 2, 3, 4, 6, 8];
const jobs = [];
for (let i = 0; i < COUNT; i++) {
  const cores = sizes[Math.floor(rand() * sizes.length)];
  const ms = Math.round(100 + rand() * 1400);
  // One job in eight waits for an earlier one.
  const dep = i > 4 && rand() < 0.125 ? Math.floor(rand() * i) : -1;
  jobs.push({ cores, ms, dep });
}

const coreSeconds = jobs.reduce((s, j) => s + (j.cores * j.ms) / 1000, 0);
const chain = [];
for (let i = 0; i < jobs.length; i++) chain[i] = jobs[i].ms / 1000 + (jobs[i].dep >= 0 ? chain[jobs[i].dep] : 0);
const bound = Math.max(coreSeconds / CORES, Math.max(...chain));

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const runner = new LocalRunner({ cores: CORES });
const ids = [];
const t0 = Date.now();
for (const j of jobs) {
  const opts = { cores: j.cores, args: [j.ms], time: Math.ceil((j.ms + 250) / 100) / 10 };
  if (j.dep >= 0) opts.depends = ids[j.dep];
  ids.push(runner.add(sleep, opts));
}
const records = await runner.wait();
const makespan = (Date.now() - t0) / 1000;
await runner.close();
const bad = records.filter((r) => r.state !== 'completed');
if (bad.length) throw new Error(`${bad.length} jobs did not complete: ${JSON.stringify(bad[0])}`);
console.log(`B3 ${COUNT} jobs of 1..${CORES} cores, ${CORES} cores, seed ${SEED}`);
console.log(`  core-seconds ${coreSeconds.toFixed(1)}, longest chain ${Math.max(...chain).toFixed(1)} s, lower bound ${bound.toFixed(2)} s`);
console.log(`  makespan ${makespan.toFixed(2)} s -> ratio ${(makespan / bound).toFixed(3)} (target <= 1.10)`);
