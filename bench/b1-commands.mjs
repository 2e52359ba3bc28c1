// B1: 2,000 no-op commands (`true`) through hpcq vs a plain child_process.spawn loop at the
// same concurrency, and vs GNU parallel. Prints rates and ratios (higher hpcq ratio = better).
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { LocalRunner } from '../dist/local-runner/index.js';

const COUNT = Number(process.env.B1_COUNT ?? 2000);
const N = availableParallelism();

/** Plain spawn loop: N children at a time, each waited for until its pipes close. */
function rawSpawn(count, stdio) {
  return new Promise((resolve) => {
    let started = 0;
    let ended = 0;
    const next = () => {
      if (started >= count) return;
      started++;
      const child = spawn('true', [], { stdio });
      child.stdout?.resume();
      child.stderr?.resume();
      child.on('close', () => {
        if (++ended === count) resolve();
        else next();
      });
    };
    for (let i = 0; i < N; i++) next();
  });
}

async function timeIt(fn) {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

async function hpcq() {
  const runner = new LocalRunner({ cores: N });
  for (let i = 0; i < COUNT; i++) runner.add('true');
  const records = await runner.wait();
  await runner.close();
  const bad = records.filter((r) => r.state !== 'completed').length;
  if (bad) throw new Error(`${bad} jobs did not complete`);
}

function gnuParallel() {
  const seq = Array.from({ length: COUNT }, (_, i) => String(i + 1)).join('\n');
  const r = spawnSync('parallel', ['-j', String(N), 'true', '{}'], { input: seq, stdio: ['pipe', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`parallel exited ${r.status}`);
}

// Warm up the spawn path once; then alternate the variants and keep each one's best run, so
// that load from elsewhere on the machine hurts no variant more than another.
await rawSpawn(50, 'ignore');
const runs = { hpcq: [], pipe: [], ignore: [] };
for (let round = 0; round < 2; round++) {
  runs.hpcq.push(await timeIt(hpcq));
  runs.pipe.push(await timeIt(() => rawSpawn(COUNT, ['ignore', 'pipe', 'pipe'])));
  runs.ignore.push(await timeIt(() => rawSpawn(COUNT, 'ignore')));
}
const tPar = await timeIt(async () => gnuParallel());
const best = Math.min(...runs.hpcq);
const tRawPipe = Math.min(...runs.pipe);
const tRawIgnore = Math.min(...runs.ignore);
const rate = (t) => (COUNT / t).toFixed(0);
console.log(`B1 ${COUNT} x 'true', concurrency ${N}`);
console.log(`  hpcq              ${rate(best)} jobs/s (${best.toFixed(2)} s; runs ${runs.hpcq.map((t) => t.toFixed(2)).join(', ')})`);
console.log(`  raw spawn (pipes) ${rate(tRawPipe)} jobs/s  -> hpcq ratio ${(tRawPipe / best).toFixed(2)}x (output captured, as hpcq does; target >= 0.8)`);
console.log(`  raw spawn (no io) ${rate(tRawIgnore)} jobs/s  -> hpcq ratio ${(tRawIgnore / best).toFixed(2)}x (stdio ignored: the floor)`);
console.log(`  GNU parallel      ${rate(tPar)} jobs/s  -> hpcq ratio ${(tPar / best).toFixed(2)}x (target >= 2)`);
