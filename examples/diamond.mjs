// A diamond workflow a → (b, c) → d of commands and functions.
// Runs on Slurm or Torque when hpcq finds one, otherwise on the local worker pool.
//   npm ci && npm run example
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectScheduler, submit } from '../dist/index.js';

const filedir = process.env.HPCQ_EXAMPLE_DIR ?? mkdtempSync(join(tmpdir(), 'hpcq-example-'));
const qtype = process.env.HPCQ_QTYPE ?? (await detectScheduler());
console.log(`hpcq example: running on '${qtype}', job files in ${filedir}`);

// a: a shell command that writes some numbers.
const a = await submit(`seq 1 10 > ${join(filedir, 'numbers.txt')}`, { name: 'make_numbers', filedir, qtype, time: '5m' });

// b and c: functions that read a's output; they run in isolation, so everything comes in through args.
async function sumFile(path) {
  const { readFile } = await import('node:fs/promises');
  const numbers = (await readFile(path, 'utf8')).trim().split('\n').map(Number);
  return { total: numbers.reduce((s, n) => s + n, 0), at: new Date() };
}
function squares(n) {
  return new Map(Array.from({ length: n }, (_, i) => [i + 1, BigInt(i + 1) ** 2n]));
}
const numbersPath = join(filedir, 'numbers.txt');
const b = await submit(sumFile, { args: [numbersPath], depends: a, filedir, qtype, time: '5m' });
const c = await submit(squares, { args: [10], depends: a, filedir, qtype, time: '5m' });

// d: a command that runs after both.
const d = await submit('echo "b and c finished on $(hostname)"', { name: 'report', depends: [b, c], filedir, qtype, time: '5m' });

const [rb, rc, rd] = await Promise.all([b.get(), c.get(), d.get()]);
console.log(`b (sumFile): total=${rb.result.total}, computed at ${rb.result.at.toISOString()}`);
console.log(`c (squares): 10² = ${rc.result.get(10)} (a ${rc.result.constructor.name} of ${typeof rc.result.get(10)})`);
console.log(`d (report): ${rd.stdout.trim()}`);
console.log(`states: a=${a.state} b=${b.state} c=${c.state} d=${d.state}`);
for (const job of [a, b, c, d]) await job.clean({ deleteOutputs: true });
