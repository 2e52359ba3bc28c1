/**
 * The back-ends the behavioural suite runs over. One suite, every back-end: a new back-end is
 * covered by adding a line here. Cluster back-ends run only when the Slurm testbed is up.
 */
import { describe } from 'vitest';
import type { Qtype } from '../../src/types.js';
import { describeCluster, testbed } from '../helpers/cluster.js';
import { sgeHooks } from './hooks/sge.js';

/** What the suite must know of a batch scheduler that hpcq itself does not say. */
export interface GridHooks {
  /** The `extra` directive body that submits a job held (`--hold`, `-h`). */
  hold: string;
  /** Directive lines of a hand-written script (submitFile) that sends stdout to `out` and asks for 100 MB. */
  handScript(out: string): string;
  /** argv that submits `script` outside hpcq, stdout to `out` (the script path is the last word). */
  rawSubmit(script: string, out: string): string[];
  /** The job id in rawSubmit's stdout, as hpcq names the job. */
  rawId(stdout: string): string;
  /** argv whose output describes job `id` as the scheduler holds it. */
  describe(id: string): string[];
  /** What describe's output shows for `{ cores: 2, time: '10m', mem: '1GB', name }` (only what this scheduler prints). */
  described(name: string): RegExp[];
  /** A variable the scheduler sets in every job to the job's id (an enclosing job's must not leak in). */
  jobIdVar: string;
}

/** One back-end the behavioural suite runs against. */
export interface BackendCase {
  /** Shown in test names. */
  name: string;
  /** The scheduler type hpcq is asked to use. */
  qtype: Qtype;
  /** Scheduler commands and job files go over SSH to the testbed's loopback sshd. */
  remote?: boolean;
  /** Skipped (or failed under CI) when the testbed is not up. */
  needsCluster: boolean;
  /** The scheduler's own facts (batch back-ends only). */
  hooks?: GridHooks;
}

/** Slurm's commands (the testbed's Slurm 22.05). */
const slurmHooks: GridHooks = {
  hold: '--hold',
  handScript: (out) => `#SBATCH --output=${out}\n#SBATCH --mem=100\n`,
  rawSubmit: (script, out) => ['sbatch', '--parsable', '--mem=100', `--output=${out}`, script],
  rawId: (stdout) => stdout.trim().split(';')[0]!,
  describe: (id) => ['scontrol', 'show', 'job', id],
  described: (name) => [/NumCPUs=2\b/, /TimeLimit=00:10:00/, /MinMemoryNode=(1024M|1G)\b/, new RegExp(`JobName=${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)],
  jobIdVar: 'SLURM_JOB_ID',
};

/** The Torque commands of the testbed (slurm-wlm-torque over Slurm), described by Slurm. */
const torqueHooks: GridHooks = {
  hold: '-h',
  handScript: () => '',
  rawSubmit: (script, out) => ['qsub', '-o', out, '-e', `${out}.err`, script],
  rawId: (stdout) => stdout.trim().replace(/\..*$/, ''),
  describe: (id) => ['scontrol', 'show', 'job', id],
  described: () => [/NumCPUs=2\b/, /TimeLimit=00:10:00/],
  // Its jobs are Slurm jobs.
  jobIdVar: 'SLURM_JOB_ID',
};

/** Every back-end, in the order the suite reports them: adding a back-end is one line. */
export const BACKENDS: readonly BackendCase[] = [
  { name: 'local', qtype: 'local', needsCluster: false },
  { name: 'slurm', qtype: 'slurm', needsCluster: true, hooks: slurmHooks },
  { name: 'torque commands', qtype: 'torque', needsCluster: true, hooks: torqueHooks },
  { name: 'sge', qtype: 'sge', needsCluster: true, hooks: sgeHooks },
  { name: 'slurm over ssh', qtype: 'slurm', remote: true, needsCluster: true, hooks: slurmHooks },
];

/**
 * The back-ends selected by HPCQ_BACKENDS (comma-separated names, e.g. `local,slurm`),
 * or all of them. Lets a developer rerun the suite against one back-end.
 */
export function selectedBackends(): BackendCase[] {
  const wanted = process.env.HPCQ_BACKENDS?.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (!wanted?.length) return [...BACKENDS];
  return BACKENDS.filter((b) => wanted.includes(b.name.toLowerCase()));
}

/**
 * The `remote` option that reaches the testbed's loopback sshd (object form, strict host key
 * check against the testbed's known_hosts line), or undefined without a testbed.
 */
export function testbedRemote():
  | { host: string; port: number; username: string; identityFile: string; knownHosts: string }
  | undefined {
  if (!testbed) return undefined;
  return {
    host: testbed.host,
    port: testbed.port,
    username: testbed.user,
    identityFile: testbed.keyPath,
    knownHosts: testbed.knownHostsFile ?? `${testbed.keyPath.replace(/[^/]*$/, '')}known_hosts`,
  };
}

/** Declare `fn`'s tests once per back-end; cluster back-ends go through describeCluster. */
export function forEachBackend(fn: (backend: BackendCase) => void): void {
  for (const backend of selectedBackends()) {
    const declare = backend.needsCluster ? describeCluster : describe;
    declare(`[${backend.name}]`, () => fn(backend));
  }
}
