// An array's tasks through Slurm's Torque wrapper, over its recorded `qstat -f` output: the
// wrapper lists a live array once under its bare id (Q while tasks run under Slurm job ids of
// their own, R once the bare id is the last task), so that record only stands in for the tasks;
// each task's status file says when it started and how it ended.
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPoller } from '../../src/queue/index.js';
import { createFakeHost, sacctText } from '../helpers/fake-host.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

useFileTempConfig('hpcq-torque-wrapper-array-');

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'torque', name), 'utf8');
const statusPath = (task: number) => `/jobs/map.cluster.${task}.status`;

/** A fake host whose qstat is the wrapper's (no --version) answering `listing`, with the given status files. */
function wrapperHost(listing: string, files: Record<number, string>) {
  const texts = new Map(Object.entries(files).map(([t, text]) => [statusPath(Number(t)), text]));
  const host = createFakeHost({
    qstat: (argv) => (argv.includes('--version') ? { exitCode: 2, stderr: 'Unknown option: version' } : { stdout: listing }),
    // Accounting that has not caught up yet: only the status files know the tasks ended.
    sacct: () => ({ stdout: sacctText([]) }),
  });
  host.readFile = async (path) => texts.get(path);
  host.stat = async (path) => (texts.has(path) ? { size: texts.get(path)!.length, mtimeMs: 1 } : undefined);
  host.list = async (dir) => [...texts.keys()].filter((p) => dirname(p) === dir).map((p) => basename(p));
  return host;
}

const ENDED = (exit: number) => `start=1764602488\nhost=vm\njobid=2329${exit}\nexit=${exit}\nend=1764602494\n`;
const STARTED = 'start=1764602488\nhost=vm\njobid=23293\n';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('an array through the Torque wrapper, its bare id standing in for its tasks', () => {
  it('ends a task from its status file while the array is listed Q: exit 3 fails, exit 0 completes, start= runs', async () => {
    const host = wrapperHost(fixture('testbed-qstat-f-array-pending-while-tasks-run.txt'), { 0: ENDED(0), 3: ENDED(3), 4: STARTED });
    const poller = createPoller('torque', host);
    for (const t of [0, 3, 4, 7]) poller.track(`23288_${t}`, { statusFile: statusPath(t) });
    const ended = Promise.all([poller.waitFor('23288_0'), poller.waitFor('23288_3')]);
    // Past the grace a just-submitted job gets to show up in accounting (which never answers here).
    await vi.advanceTimersByTimeAsync(20_000);
    const [ok, bad] = await ended;
    expect(ok).toMatchObject({ id: '23288_0', state: 'completed', exitCode: 0 });
    // The array's Q record says nothing of this task: it ended with exit 3, as its status file says.
    expect(bad).toMatchObject({ id: '23288_3', state: 'failed', reason: 'nonzero_exit', exitCode: 3 });
    expect(poller.latest('23288_4')).toMatchObject({ state: 'running', nodes: ['vm'] });
    expect(poller.latest('23288_7')).toMatchObject({ state: 'pending' });
    expect(host.calls.some((c) => c.argv[0] === 'qstat' && c.argv.includes('-f') && c.argv.includes('23288'))).toBe(true);
  });

  it('does not take the last task running under the bare id (R) for the ended tasks', async () => {
    const host = wrapperHost(fixture('testbed-qstat-f-array-last-task-running.txt'), { 8: ENDED(1), 10: STARTED });
    const poller = createPoller('torque', host);
    for (const t of [8, 10, 11]) poller.track(`23288_${t}`, { statusFile: statusPath(t) });
    const failed = poller.waitFor('23288_8');
    await vi.advanceTimersByTimeAsync(20_000);
    expect(await failed).toMatchObject({ state: 'failed', exitCode: 1 });
    expect(poller.latest('23288_10')).toMatchObject({ state: 'running' });
    expect(poller.latest('23288_11')).toMatchObject({ state: 'running' });
  });

  it('reads a running task under its raw Slurm id as a job of its own, naming no array', async () => {
    const { parseQstat } = await import('../../src/schedulers/index.js');
    const [task] = parseQstat(fixture('testbed-qstat-f-array-task-raw-id.txt'));
    expect(task).toMatchObject({ id: '23289', state: 'running' });
    expect(task!.arrayIndex).toBeUndefined();
  });
});
