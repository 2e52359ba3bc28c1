/**
 * Off a terminal, HPCQ_LOG=info prints one line per job state change (built CLI, local and Slurm).
 * maxQueueLen's messages need a queue nobody else fills: max-queue-len.isolated.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { describeCluster, testbed } from '../helpers/cluster.js';
import { useTempConfig } from '../helpers/temp-config.js';

const cfg = useTempConfig('hpcq-state-log-');

/** The state-change lines of a run's stderr, without their timestamps. */
function changes(err: string): string[] {
  return err.split('\n').filter((l) => / hpcq info \[[\w-]+\] job /.test(l)).map((l) => l.replace(/^\S+ /, ''));
}

describe('HPCQ_LOG=info, local', () => {
  it('one line per state change of a local job', async () => {
    const r = await runBin('main', ['submit', '--wait', '--qtype', 'local', '--filedir', cfg.dir, 'sh', '-c', 'exit 2'], { cwd: cfg.dir, env: { HPCQ_LOG: 'info', HPCQ_CONFIG: cfg.file } });
    expect(r.code).toBe(2);
    expect(changes(r.err)).toEqual([expect.stringMatching(/^hpcq info \[local-runner\] job local \S+: pending -> running$/), expect.stringMatching(/: running -> failed \(nonzero_exit\)$/)]);
  });
});

describeCluster('HPCQ_LOG=info on Slurm', () => {
  it('one line per state change of a Slurm job, each state once', async () => {
    const r = await runBin('main', ['submit', '--wait', '--qtype', 'slurm', '--partition', testbed!.partition, '--filedir', cfg.dir, 'sleep 3'], { cwd: cfg.dir, env: { HPCQ_LOG: 'info', HPCQ_CONFIG: cfg.file } });
    expect(r.code).toBe(0);
    const lines = changes(r.err);
    const to = lines.map((l) => /-> (\w+)/.exec(l)![1]);
    expect(to.at(-1)).toBe('completed');
    expect(new Set(to).size).toBe(to.length);
    expect(lines.every((l) => l.startsWith('hpcq info [queue] job slurm '))).toBe(true);
  }, 120_000);
});

