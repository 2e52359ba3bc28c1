/** `hpcq queue --since` lists jobs that ended, from sacct, not only what squeue still holds (built CLI, testbed Slurm). */
import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { submit } from '../../src/api/index.js';
import type { JobRecord } from '../../src/types.js';
import { runBin } from '../helpers/bin.js';
import { describeCluster, testbed } from '../helpers/cluster.js';
import { useTempConfig } from '../helpers/temp-config.js';
import { parseCommandLine } from '../../src/cli/parse.js';
import { queueCommand, sinceOf } from '../../src/cli/commands/queue.js';
import { localIso } from '../../src/queue/history-since.js';

const cfg = useTempConfig('hpcq-queue-since-');

describe('--since values', () => {
  const at = (v: string): Date | undefined => sinceOf(parseCommandLine(['--since', v], queueCommand.flags, { usage: '' }), Date.UTC(2026, 11, 1, 12));
  it('takes a duration ago or a local date/time, and refuses anything else', () => {
    expect(at('2h')?.toISOString()).toBe('2026-12-01T10:00:00.000Z');
    expect(at('90m')?.toISOString()).toBe('2026-12-01T10:30:00.000Z');
    expect(at('2026-11-30T09:30')?.getTime()).toBe(new Date(2026, 10, 30, 9, 30).getTime());
    expect(() => at('yesterday')).toThrow(/--since takes a duration ago/);
  });
});

describeCluster('hpcq queue --since on Slurm', () => {
  it('shows a job that has ended (gone from squeue) with --since 1h, with its exit code', async () => {
    const job = await submit('exit 5', { qtype: 'slurm', filedir: cfg.dir, partition: testbed!.partition, time: '5m', mem: 100 });
    await job.wait({ timeout: 90_000 });
    const env = { HPCQ_CONFIG: cfg.file };
    // slurmdbd records the end a moment after slurmctld, and its time-window answer (what --since
    // asks) lags its by-id answer by seconds more under load (measured: 3-7 s with both cores
    // busy). Wait until the window itself holds the end, bounded by the test's timeout; squeue
    // (MinJobAge 10 s here, 300 s by default) may have forgotten the job by then.
    const recorded = (): string =>
      execFileSync('sacct', ['-n', '-X', '-P', `--starttime=${localIso(new Date(Date.now() - 3600_000))}`, `--user=${userInfo().username}`, '-o', 'JobID,State,ExitCode'], { encoding: 'utf8' });
    while (!new RegExp(`^${job.id}\\|FAILED\\|5:0$`, 'm').test(recorded())) await new Promise((r) => setTimeout(r, 250));
    // Slurm keeps an ended job in squeue for MinJobAge; the history must have it either way.
    const withHistory = await runBin('main', ['queue', '--qtype', 'slurm', '--json', '--since', '1h', '--state', 'failed'], { env });
    expect(withHistory.code).toBe(0);
    const rec = (JSON.parse(withHistory.out) as JobRecord[]).find((r) => r.id === job.id);
    expect(rec).toMatchObject({ state: 'failed', exitCode: 5 });
    const table = await runBin('main', ['queue', '--qtype', 'slurm', '--since', '1h'], { env });
    expect(table.out).toMatch(new RegExp(`^${job.id}\\s+\\S+\\s+\\S+\\s+\\S+\\s+failed\\s+nonzero_exit\\s+5`, 'm'));
  }, 120_000);

  it('--since on the local scheduler is refused with a message, not ignored', async () => {
    const r = await runBin('main', ['queue', '--qtype', 'local', '--since', '1h'], { env: { HPCQ_CONFIG: cfg.file } });
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/since/);
  });
});
