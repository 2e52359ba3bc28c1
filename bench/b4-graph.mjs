// B4: a 10,000-node dependency graph of no-op functions: overhead per edge, against the same
// 10,000 functions without edges. Each node depends on 1..3 random earlier nodes (seeded).
import { availableParallelism } from 'node:os';
import { LocalRunner } from '../dist/local-runner/index.js';
import { seededRandom } from './random.mjs';

const NODES = Number(process.env.B4_NODES ?? 10_000);
const N = availableParallelism();


const rand = seededRandom(1);
const parents = [];
let edges = 0;
for (let i = 0; i < NODES; i++) {
  const set = new Set();
  const k = i === 0 ? 0 : 1 + Math.floor(rand() * 3);
  for (let j = 0; j < k; j++) set.add(Math.floor(rand() * i));
  parents.push([...set]);
  edges += set.size;
}
const depth = [];
for (let i = 0; i < NODES; i++) depth[i] = 1 + Math.max(0, ...parents[i].map((p) => depth[p]));

async function run(withEdges) {
  const runner = new LocalRunner({ cores: N });
  const noop = () => undefined;
  const t0 = process.hrtime.bigint();
  const ids = [];
  for (let i = 0; i < NODES; i++) {
    const opts = withEdges && parents[i].length ? { depends: parents[i].map((p) => ids[p]) } : {};
    ids.push(runner.add(noop, opts));
  }
  const records = await runner.wait();
  const t = Number(process.hrtime.bigint() - t0) / 1e9;
  await runner.close();
  if (records.some((r) => r.state !== 'completed')) throw new Error('a node did not complete');
  return t;
}

await run(false); // warm-up: threads, JIT
// Alternate the two and keep each one's best of four: the difference is small against noise.
const times = { plain: [], graph: [] };
for (let round = 0; round < 4; round++) {
  times.plain.push(await run(false));
  times.graph.push(await run(true));
}
const plain = Math.min(...times.plain);
const graph = Math.min(...times.graph);
console.log(`B4 ${NODES} no-op functions, ${edges} edges, longest chain ${Math.max(...depth)} nodes, ${N} threads`);
console.log(`  without edges ${plain.toFixed(2)} s, with edges ${graph.toFixed(2)} s`);
console.log(`  overhead ${(((graph - plain) / edges) * 1e6).toFixed(1)} us per edge (ratio ${(graph / plain).toFixed(2)}x)`);
