import { describe, expect, it } from 'vitest';
import { HpcqError } from '../../src/errors.js';
import { getDefaultRunner, LocalRunner, type LocalJobRecord } from '../../src/local-runner/index.js';

describe('LocalRunner lifecycle', () => {
  it('emits end for every job, lists records and counts', async () => {
    const runner = new LocalRunner({ cores: 2 });
    const ended: LocalJobRecord[] = [];
    runner.on('end', (r: LocalJobRecord) => ended.push(r));
    const ids = [runner.add('true', { name: 'first' }), runner.add(() => 2), runner.add('false')];
    const all = await runner.wait();
    expect(all.map((r) => r.id)).toEqual(ids);
    expect(ended.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(runner.list().map((r) => r.state)).toEqual(['completed', 'completed', 'failed']);
    expect(runner.state(ids[0]!)).toMatchObject({ name: 'first', baseId: ids[0], cpus: 1, rawState: 'COMPLETED' });
    expect(runner.state('nope')).toBeUndefined();
    await expect(runner.get('nope')).rejects.toThrow(HpcqError);
    expect(runner.stats).toEqual({ started: 3, finished: 3, running: 0, queued: 0, usedCores: 0 });
    await runner.close();
  });

  it('close() cancels running and queued jobs and refuses new ones', async () => {
    const runner = new LocalRunner({ cores: 1 });
    const running = runner.add('sleep 30');
    const queued = runner.add('true');
    await new Promise((r) => setTimeout(r, 100));
    await runner.close();
    expect(runner.state(running)?.state).toBe('cancelled');
    expect(runner.state(queued)?.state).toBe('cancelled');
    expect(runner.closed).toBe(true);
    expect(() => runner.add('true')).toThrow(/closed/);
  });

  it('getDefaultRunner returns one runner, and a new one after close()', async () => {
    const a = getDefaultRunner();
    expect(getDefaultRunner()).toBe(a);
    expect((await a.get(a.add('echo shared'))).stdout).toBe('shared\n');
    await a.close();
    const b = getDefaultRunner();
    expect(b).not.toBe(a);
    await b.close();
  });
});

describe('LocalRunner launcher', () => {
  it('survives the loss of its launcher: running jobs fail, new ones still run', async () => {
    const { execFileSync } = await import('node:child_process');
    const runner = new LocalRunner({ cores: 2 });
    const id = runner.add('sleep 30');
    await new Promise((r) => setTimeout(r, 200));
    const perl = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter((f) => Number(f[1]) === process.pid && f[2]?.endsWith('perl'));
    if (perl.length === 0) {
      // No Perl on this machine: commands are spawned from Node and there is no launcher to lose.
      await runner.close();
      return;
    }
    process.kill(Number(perl[0]![0]), 'SIGKILL');
    const rec = await runner.get(id);
    expect(rec).toMatchObject({ state: 'failed', reason: 'launch_failed' });
    expect(rec.stderr).toMatch(/launcher ended/);
    expect((await runner.get(runner.add('echo still here'))).stdout).toBe('still here\n');
    await runner.close();
  });
});
