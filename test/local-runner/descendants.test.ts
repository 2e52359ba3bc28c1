/**
 * A local job's processes never outlive it: cancel reaches every descendant (also one that
 * left with setsid, and the command the job wrapper runs in a group of its own), and a job
 * whose wrapper or launcher is SIGKILLed leaves nothing running. Counted by a unique marker in
 * the argv of the job's processes, with the launcher and with Node's spawn.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeJobFile } from '../../src/api/index.js';
import { LocalRunner } from '../../src/local-runner/index.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

const config = useFileTempConfig('hpcq-descendants-');

/** Pids of live (not zombie) processes whose argv holds `marker`. */
function withMarker(marker: string): number[] {
  const found: number[] = [];
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker)) found.push(Number(pid));
    } catch {
      // Ended while we looked.
    }
  }
  return found;
}

/** Wait until `n` processes carry the marker (the job is fully started). */
async function until(marker: string, n: number): Promise<void> {
  for (let i = 0; i < 500 && withMarker(marker).length < n; i++) await new Promise((r) => setTimeout(r, 10));
  expect(withMarker(marker).length).toBeGreaterThanOrEqual(n);
}

/** What is left after signals had time to land (polls up to 2 s), killed so nothing leaks. */
async function leftovers(marker: string): Promise<number> {
  for (let i = 0; i < 100 && withMarker(marker).length > 0; i++) await new Promise((r) => setTimeout(r, 20));
  const left = withMarker(marker);
  for (const pid of left) process.kill(pid, 'SIGKILL');
  return left.length;
}

/** The launcher: this process's perl child. */
function launcherPid(): number | undefined {
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === process.pid && stat.includes('(perl)')) return Number(pid);
    } catch {
      // Ended while we looked.
    }
  }
  return undefined;
}

const newMarker = (): string => `${4000 + Math.floor(Math.random() * 1e5)}.${process.pid}`;

describe.each(['launcher', 'spawn'])('local job descendants (%s)', (mode) => {
  let runner: LocalRunner;
  beforeEach(() => {
    if (mode === 'spawn') process.env.HPCQ_LOCAL_LAUNCHER = 'spawn';
    runner = new LocalRunner({ cores: 2, killGrace: 500 });
  });
  afterEach(async () => {
    delete process.env.HPCQ_LOCAL_LAUNCHER;
    await runner.close();
  });

  /** A job as the Job API runs it: its wrapper script through bash. */
  async function wrapped(command: string): Promise<{ id: string; status: string }> {
    const script = await makeJobFile(command, { qtype: 'local', filedir: config.dir });
    return { id: runner.add({ argv: ['bash', script] }), status: `${script}.status` };
  }

  it.each([true, false])('cancel reaches every process, also a setsid grandchild (job wrapper: %s)', async (viaWrapper) => {
    const m = newMarker();
    const command = `setsid sleep ${m} & sleep ${m}; wait`;
    const id = viaWrapper ? (await wrapped(command)).id : runner.add(command);
    await until(m, 2);
    await runner.cancel(id);
    expect((await runner.get(id)).state).toBe('cancelled');
    expect(await leftovers(m)).toBe(0);
  });

  it('SIGKILL of the job wrapper leaves nothing of the command running', async () => {
    const m = newMarker();
    const { id, status } = await wrapped(`sleep ${m} & setsid sleep ${m} & wait`);
    await until(m, 2);
    const wrapperPid = Number(/^pid=(\d+)$/m.exec(readFileSync(status, 'utf8'))![1]);
    process.kill(wrapperPid, 'SIGKILL');
    const rec = await runner.get(id);
    expect([rec.state, rec.reason, rec.signal]).toEqual(['failed', 'signal', 9]);
    expect(await leftovers(m)).toBe(0);
  });

  it.skipIf(mode === 'spawn')('SIGKILL of the launcher leaves nothing of its jobs running', async () => {
    const m = newMarker();
    const { id } = await wrapped(`sleep ${m} & setsid sleep ${m} & wait`);
    const plain = runner.add(`sleep ${m}`);
    await until(m, 3);
    const perl = launcherPid();
    expect(perl).toBeDefined();
    process.kill(perl!, 'SIGKILL');
    expect((await runner.get(id)).reason).toBe('launch_failed');
    expect((await runner.get(plain)).reason).toBe('launch_failed');
    expect(await leftovers(m)).toBe(0);
  });
});
