// What the cluster benchmarks (B6, B7) share: finding the Slurm testbed (scripts/testbed.sh) the
// way the cluster tests do, a private config and job directory, timing, and scheduler commands
// run outside hpcq for the baselines. Without a testbed a bench prints why and exits 0: a
// benchmark is not a test, and `npm run bench` must still finish on a machine without one.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TESTBED_DIR = process.env.HPCQ_TESTBED_DIR ?? '/var/lib/hpcq-testbed';

/** Why no testbed can be used here, or undefined when it answers. */
function missing() {
  const file = join(TESTBED_DIR, 'connection.json');
  if (spawnSync('sh', ['-c', 'command -v sbatch'], { stdio: 'ignore' }).status !== 0) return 'sbatch is not on PATH';
  if (!existsSync(file)) return `${file} does not exist`;
  try {
    execFileSync('sinfo', ['-h'], { stdio: 'ignore', timeout: 10_000 });
  } catch {
    return 'sinfo does not answer (slurmctld down?)';
  }
  return undefined;
}

/**
 * The testbed's connection.json, or undefined after printing a loud SKIPPED line for `bench`.
 * Also points hpcq at the Torque and Grid Engine command directories it names (their qsubs collide).
 */
export function findTestbed(bench) {
  const why = missing();
  if (why) {
    console.log(`\n!!! ${bench} SKIPPED: no Slurm testbed (${why}); start it with: sudo scripts/testbed.sh up\n`);
    return undefined;
  }
  const conn = JSON.parse(readFileSync(join(TESTBED_DIR, 'connection.json'), 'utf8'));
  if (conn.sgeBin) process.env.HPCQ_SGE_BIN ??= conn.sgeBin;
  if (conn.torqueBin) process.env.HPCQ_TORQUE_BIN ??= conn.torqueBin;
  return conn;
}

/**
 * A job directory and a private hpcq config for one bench (the user's profiles must not change
 * the figures). Call `done()` at the end to remove both.
 */
export function benchDirs(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const config = join(dir, 'config.ini');
  writeFileSync(config, '[prof_default]\nnodes = 1\n');
  process.env.HPCQ_CONFIG = config;
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Seconds since `t0` (from `now()`). */
export function since(t0) {
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** A high-resolution start time for `since`. */
export function now() {
  return process.hrtime.bigint();
}

/** Resolve after `ms`. */
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Run a command outside hpcq (a baseline), returning stdout; throws with its stderr on failure. */
export function run(argv, opts = {}) {
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', ...opts });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** `a / b` as `1.23x`. */
export function ratio(a, b) {
  return `${(a / b).toFixed(2)}x`;
}
