// Runs every benchmark (B1..B8), each in its own Node process so that one's heap, threads
// and children cannot skew another's figures. Usage: npm run bench [-- b3 b5] to pick some.
// B6 and B7 need the Slurm testbed (scripts/testbed.sh): without it they print SKIPPED and why.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const all = [
  ['b1', 'b1-commands.mjs', []],
  ['b2', 'b2-functions.mjs', []],
  ['b3', 'b3-backfill.mjs', []],
  ['b4', 'b4-graph.mjs', []],
  ['b5', 'b5-memory.mjs', ['--expose-gc']],
  ['b6', 'b6-map.mjs', []],
  ['b7', 'b7-packed.mjs', []],
  ['b8', 'b8-parsers.mjs', []],
];
const picked = process.argv.slice(2).map((a) => a.toLowerCase());
let failed = 0;
for (const [key, file, flags] of all) {
  if (picked.length && !picked.includes(key)) continue;
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [...flags, join(here, file)], { stdio: 'inherit', env: { ...process.env, HPCQ_LOG: 'error' } });
  console.log(`  (${key} took ${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
