/**
 * Finds the Slurm testbed started by `scripts/testbed.sh up`. Cluster tests use
 * `describeCluster`: without a testbed they are skipped with one loud line, and with
 * CI=true or HPCQ_REQUIRE_CLUSTER=1 they fail instead.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';

export interface TestbedConnection {
  host: string;
  port: number;
  user: string;
  keyPath: string;
  knownHosts: string;
  /** A known_hosts file holding the `knownHosts` line (written by newer testbed scripts). */
  knownHostsFile?: string;
  node: string;
  partition: string;
  /** Job slots (CPUs) Slurm sees on the node; more than the machine's cores, so tests share it. */
  cpus?: number;
  /** 'cgroup' when memory limits are enforced (jobs over --mem end OUT_OF_MEMORY), else 'linuxproc'. */
  cgroupMode?: 'cgroup' | 'linuxproc';
  /** Directory of slurm-wlm-torque's qsub/qstat/qdel (they must not be Grid Engine's). */
  torqueBin?: string;
  /** Directory of Grid Engine's commands (qsub, qstat, qacct, qconf, ...). */
  sgeBin?: string;
  /** Grid Engine's cluster queue, its parallel environment for cores, and its slots. */
  sgeQueue?: string;
  sgePe?: string;
  sgeSlots?: number;
}

export const TESTBED_DIR = process.env.HPCQ_TESTBED_DIR ?? '/var/lib/hpcq-testbed';
const required = process.env.CI === 'true' || process.env.HPCQ_REQUIRE_CLUSTER === '1';

function onPath(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function load(): { conn?: TestbedConnection; why?: string } {
  const file = join(TESTBED_DIR, 'connection.json');
  if (!onPath('sbatch')) return { why: 'sbatch is not on PATH' };
  if (!existsSync(file)) return { why: `${file} does not exist` };
  try {
    execFileSync('sinfo', ['-h'], { stdio: 'ignore', timeout: 10_000 });
  } catch {
    return { why: 'sinfo does not answer (slurmctld down?)' };
  }
  return { conn: JSON.parse(readFileSync(file, 'utf8')) as TestbedConnection };
}

const found = load();
// Grid Engine's qsub and slurm-wlm-torque's share a name: every test (and every CLI it spawns)
// runs each back-end's commands from the directory the testbed names (src/schedulers/command-paths.ts).
if (found.conn?.sgeBin) process.env.HPCQ_SGE_BIN ??= found.conn.sgeBin;
if (found.conn?.torqueBin) process.env.HPCQ_TORQUE_BIN ??= found.conn.torqueBin;
/** The testbed's connection details, or undefined when no testbed runs. */
export const testbed: TestbedConnection | undefined = found.conn;
let warned = false;

/** describe() for tests that need the real cluster. */
export function describeCluster(name: string, fn: () => void): void {
  if (testbed) {
    describe(name, fn);
    return;
  }
  const reason = `${found.why}; start it with: sudo scripts/testbed.sh up`;
  if (required) {
    describe(name, () => {
      it('needs the Slurm testbed', () => {
        throw new Error(`Cluster required (CI=true or HPCQ_REQUIRE_CLUSTER=1) but no testbed: ${reason}`);
      });
    });
    return;
  }
  if (!warned) {
    warned = true;
    process.stderr.write(`\n!!! hpcq: SKIPPING CLUSTER TESTS: ${reason}\n\n`);
  }
  describe.skip(name, fn);
}
