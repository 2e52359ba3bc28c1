// B2: 100,000 no-op functions through hpcq vs raw piscina with the same number of threads.
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { LocalRunner } from '../dist/local-runner/index.js';

const COUNT = Number(process.env.B2_COUNT ?? 100_000);
const N = availableParallelism();
const dir = mkdtempSync(join(tmpdir(), 'hpcq-b2-'));
const workerFile = join(dir, 'noop.cjs');
writeFileSync(workerFile, 'module.exports = function noop() { return undefined; };\n');

async function timeIt(fn) {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

async function rawPiscina() {
  const pool = new Piscina({ filename: workerFile, maxThreads: N, minThreads: N });
  const tasks = [];
  for (let i = 0; i < COUNT; i++) tasks.push(pool.run(i));
  await Promise.all(tasks);
  await pool.destroy();
}

async function hpcq() {
  const runner = new LocalRunner({ cores: N });
  const noop = () => undefined;
  for (let i = 0; i < COUNT; i++) runner.add(noop);
  await runner.wait();
  const { finished } = runner.stats;
  await runner.close();
  if (finished !== COUNT) throw new Error(`only ${finished} of ${COUNT} finished`);
}

const tRaw1 = await timeIt(rawPiscina);
const tHpcq1 = await timeIt(hpcq);
const tRaw2 = await timeIt(rawPiscina);
const tHpcq2 = await timeIt(hpcq);
rmSync(dir, { recursive: true, force: true });
const raw = Math.min(tRaw1, tRaw2);
const ours = Math.min(tHpcq1, tHpcq2);
const rate = (t) => (COUNT / t).toFixed(0);
console.log(`B2 ${COUNT} no-op functions, ${N} threads`);
console.log(`  hpcq        ${rate(ours)} jobs/s (${ours.toFixed(2)} s; runs ${tHpcq1.toFixed(2)}, ${tHpcq2.toFixed(2)})`);
console.log(`  raw piscina ${rate(raw)} jobs/s (${raw.toFixed(2)} s; runs ${tRaw1.toFixed(2)}, ${tRaw2.toFixed(2)})`);
console.log(`  ratio ${(raw / ours).toFixed(2)}x raw piscina (target >= 0.5)`);
