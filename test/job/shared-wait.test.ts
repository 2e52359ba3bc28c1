/** SharedWait: one underlying wait for many callers, each with its own timeout and signal. */
import { describe, expect, it } from 'vitest';
import { SharedWait } from '../../src/job/shared-wait.js';

/** A wait that ends when `finish` is called, or rejects when its signal aborts. */
function controllable() {
  const runs: { signal: AbortSignal; finish: (v: string) => void; fail: (e: Error) => void }[] = [];
  const shared = new SharedWait<string>(
    (signal) =>
      new Promise<string>((resolve, reject) => {
        runs.push({ signal, finish: resolve, fail: reject });
        signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
      }),
    () => 'job 7',
  );
  return { shared, runs };
}

describe('SharedWait', () => {
  it('starts one wait for any number of callers and gives each the result', async () => {
    const { shared, runs } = controllable();
    const callers = Array.from({ length: 50 }, () => shared.join());
    expect(runs).toHaveLength(1);
    runs[0]!.finish('done');
    expect(await Promise.all(callers)).toEqual(Array(50).fill('done'));
  });

  it("keeps waiting for the others when one caller times out or aborts, and stops when the last leaves", async () => {
    const { shared, runs } = controllable();
    const ac = new AbortController();
    const patient = shared.join();
    const hasty = shared.join({ timeout: 10 });
    const aborted = shared.join({ signal: ac.signal }).catch((e: unknown) => e);
    ac.abort();
    await expect(hasty).rejects.toThrow('Timed out after 10 ms waiting for job 7');
    expect(String(await aborted)).toMatch('Waiting for job 7 was aborted');
    expect(runs[0]!.signal.aborted).toBe(false);
    runs[0]!.finish('done');
    expect(await patient).toBe('done');

    const alone = shared.join({ timeout: 10 });
    await expect(alone).rejects.toThrow(/Timed out/);
    expect(runs).toHaveLength(2);
    expect(runs[1]!.signal.aborted).toBe(true);
  });

  it('does not keep a failed wait: the next caller starts a new one', async () => {
    const { shared, runs } = controllable();
    const first = shared.join();
    runs[0]!.fail(new Error('poll failed'));
    await expect(first).rejects.toThrow('poll failed');
    const second = shared.join();
    expect(runs).toHaveLength(2);
    runs[1]!.finish('ok');
    expect(await second).toBe('ok');
  });
});
