/** `hpcq submit --depends` on the testbed's Slurm: every dependency kind reaches sbatch as written. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { describeCluster, testbed } from '../helpers/cluster.js';
import { cancelAndSettle } from '../helpers/slurm-jobs.js';
import { useTempConfig } from '../helpers/temp-config.js';

const cfg = useTempConfig('hpcq-cli-submit-');

/** `hpcq submit --qtype slurm ...`; returns the job id. */
async function submitted(...args: string[]): Promise<string> {
  const r = await runBin('main', ['submit', '--qtype', 'slurm', '--partition', testbed!.partition, '--filedir', cfg.dir, ...args], { cwd: cfg.dir, env: { HPCQ_CONFIG: cfg.file } });
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return r.out.split('\t')[0]!;
}

const dependency = (id: string): string => /Dependency=(\S+)/.exec(execFileSync('scontrol', ['show', 'job', '-o', id], { encoding: 'utf8' }))?.[1] ?? '';

describeCluster('hpcq submit --depends', () => {
  it('takes afterany:ID, afternotok:ID and plain ids, and returns once submitted', async () => {
    const first = await submitted('--name', 'first', 'sleep', '60');
    const ids = [first];
    try {
      const any = await submitted('--depends', `afterany:${first}`, '--name', 'any', 'true');
      const notok = await submitted('--depends', `afternotok:${first}`, '--name', 'notok', 'true');
      const plain = await submitted('--depends', first, '--name', 'plain', 'true');
      ids.push(any, notok, plain);
      expect(dependency(any)).toMatch(new RegExp(`^afterany:${first}\\b`));
      expect(dependency(notok)).toMatch(new RegExp(`^afternotok:${first}\\b`));
      expect(dependency(plain)).toMatch(new RegExp(`^afterok:${first}\\b`));
    } finally {
      // A cancelled running job still writes its status and output files as it ends: wait for that
      // before the folder is removed.
      await cancelAndSettle(ids);
    }
  });
});

describe('hpcq submit --depends mistakes', () => {
  it('refuses an unknown kind with the kinds it takes, exit 2', async () => {
    const r = await runBin('main', ['submit', '--qtype', 'local', '--depends', 'singleton:1', 'true'], { env: { HPCQ_CONFIG: cfg.file } });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown dependency kind 'singleton'.*afterok:ID, afterany:ID, afternotok:ID/);
  });
});
