/**
 * The back-ends the behavioural suite runs over. One suite, every back-end: a new back-end is
 * covered by adding a line here. Cluster back-ends run only when the Slurm testbed is up.
 */
import { describe } from 'vitest';
import type { Qtype } from '../../src/types.js';
import { describeCluster, testbed } from '../helpers/cluster.js';

/** One back-end the behavioural suite runs against. */
export interface BackendCase {
  /** Shown in test names. */
  name: string;
  /** The scheduler type hpcq is asked to use. */
  qtype: Qtype;
  /** Scheduler commands and job files go over SSH to the testbed's loopback sshd. */
  remote?: boolean;
  /** Skipped (or failed under CI) when the Slurm testbed is not up. */
  needsCluster: boolean;
}

/** Every back-end, in the order the suite reports them. */
export const BACKENDS: readonly BackendCase[] = [
  { name: 'local', qtype: 'local', needsCluster: false },
  { name: 'slurm', qtype: 'slurm', needsCluster: true },
  { name: 'torque commands', qtype: 'torque', needsCluster: true },
  { name: 'slurm over ssh', qtype: 'slurm', remote: true, needsCluster: true },
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
