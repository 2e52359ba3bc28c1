import { afterEach, describe, expect, it } from 'vitest';
import { HpcqError } from '../../src/errors.js';
import { LocalRunner } from '../../src/local-runner/index.js';

let runner: LocalRunner;
afterEach(async () => {
  await runner?.close();
});

describe('LocalRunner functions', () => {
  it('returns structured-cloneable results intact', async () => {
    runner = new LocalRunner({ cores: 2 });
    const id = runner.add(
      (n: number, when: Date, m: Map<string, number>) => ({
        date: new Date(when.getTime() + n),
        map: new Map([...m].map(([k, v]) => [k, v * n])),
        set: new Set([1, 2, n]),
        big: 2n ** 70n,
        bytes: new Float64Array([n, 0.5]),
        nested: { list: [1, 'two', null, undefined, { deep: [new Uint8Array([n])] }] },
      }),
      { args: [3, new Date(1000), new Map([['a', 2]])] },
    );
    const rec = await runner.get(id);
    expect(rec.state).toBe('completed');
    expect(rec.exitCode).toBe(0);
    const r = rec.result as Record<string, unknown>;
    expect(r.date).toEqual(new Date(1003));
    expect(r.map).toEqual(new Map([['a', 6]]));
    expect(r.set).toEqual(new Set([1, 2, 3]));
    expect(r.big).toBe(2n ** 70n);
    expect(r.bytes).toBeInstanceOf(Float64Array);
    expect([...(r.bytes as Float64Array)]).toEqual([3, 0.5]);
    expect(r.nested).toEqual({ list: [1, 'two', null, undefined, { deep: [new Uint8Array([3])] }] });
  });

  it('awaits async functions and accepts functions among the args', async () => {
    runner = new LocalRunner({ cores: 2 });
    const id = runner.add(
      async (f: (x: number) => number, x: number) => {
        await new Promise((r) => setTimeout(r, 10));
        return f(x);
      },
      { args: [(x: number) => x * 2, 21] },
    );
    expect((await runner.get(id)).result).toBe(42);
  });

  it('runs method shorthand functions', async () => {
    runner = new LocalRunner({ cores: 1 });
    const obj = {
      triple(x: number) {
        return x * 3;
      },
    };
    expect((await runner.get(runner.add(obj.triple, { args: [5] }))).result).toBe(15);
  });

  it('fails a job whose function throws, keeping name, message and stack', async () => {
    runner = new LocalRunner({ cores: 1 });
    const rec = await runner.get(
      runner.add(function thrower() {
        throw new RangeError('out of range: 7');
      }),
    );
    expect(rec.state).toBe('failed');
    expect(rec.reason).toBe('nonzero_exit');
    expect(rec.exitCode).toBe(1);
    expect(rec.error?.name).toBe('RangeError');
    expect(rec.error?.message).toBe('out of range: 7');
    expect(rec.error?.stack).toMatch(/RangeError: out of range: 7\n\s+at thrower/);
  });

  it('explains that a function cannot use variables of its enclosing scope', async () => {
    runner = new LocalRunner({ cores: 1 });
    const factor = 10;
    const rec = await runner.get(runner.add((x: number) => x * factor, { args: [2] }));
    expect(rec.state).toBe('failed');
    expect(rec.error?.name).toBe('ReferenceError');
    expect(rec.error?.message).toMatch(/factor is not defined/);
    expect(rec.error?.message).toMatch(/isolation.*enclosing scope.*args/);
  });

  it('refuses functions and arguments that cannot be serialised', () => {
    runner = new LocalRunner({ cores: 1 });
    const bound = function (this: unknown) {
      return this;
    }.bind({});
    expect(() => runner.add(bound)).toThrow(HpcqError);
    expect(() => runner.add(bound)).toThrow(/bound functions/);
    expect(() => runner.add(Math.max)).toThrow(/source is not available/);
    class Secret {
      #hidden = 1;
      get hidden(): number {
        return this.#hidden;
      }
    }
    expect(() => runner.add((s: Secret) => s, { args: [new Secret()] })).toThrow(/instance of class Secret/);
    expect(() => runner.add((s: unknown) => s, { args: [{ deep: [new Secret()] }] })).toThrow(/args\.0\.deep\.0/);
    expect(runner.stats.queued).toBe(0);
  });

  it('fails only the job whose worker calls process.exit; the pool goes on', async () => {
    runner = new LocalRunner({ cores: 2 });
    const dead = runner.add(() => process.exit(3));
    const after = Array.from({ length: 6 }, (_, i) => runner.add((x: number) => x + 1, { args: [i] }));
    const rec = await runner.get(dead);
    expect(rec.state).toBe('failed');
    expect(rec.reason).toBe('nonzero_exit');
    expect(rec.exitCode).toBe(3);
    expect(rec.error?.name).toBe('WorkerExitError');
    const rest = await runner.wait(after);
    expect(rest.map((r) => r.result)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('reports a result that cannot be sent back as a failure', async () => {
    runner = new LocalRunner({ cores: 1 });
    const rec = await runner.get(runner.add(() => () => 1));
    expect(rec.state).toBe('failed');
    expect(rec.error?.message).toMatch(/cannot be sent back|clone/i);
  });

  it('times out and cancels function jobs', async () => {
    runner = new LocalRunner({ cores: 2 });
    const slow = runner.add(() => new Promise((r) => setTimeout(r, 60_000)), { time: 0.3 });
    const spin = runner.add(() => {
      for (;;);
    });
    const rec = await runner.get(slow);
    expect(rec.state).toBe('failed');
    expect(rec.reason).toBe('timeout');
    await runner.cancel(spin);
    expect(runner.state(spin)?.state).toBe('cancelled');
    // The pool still runs work after its workers were ended.
    expect((await runner.get(runner.add(() => 'alive'))).result).toBe('alive');
  });
});
