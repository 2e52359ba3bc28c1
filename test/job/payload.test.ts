import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HpcqError, ParseError } from '../../src/errors.js';
import { decodeTagged, encodeTagged } from '../../src/job/codec.js';
import { jobFiles } from '../../src/job/files.js';
import { renderFuncRunner } from '../../src/job/func-runner.js';
import { parseOutput, renderInput } from '../../src/job/payload.js';
import { writeAtomicWith } from '../../src/util/atomic-write.js';

const roundTrip = (v: unknown): unknown => decodeTagged(JSON.parse(JSON.stringify(encodeTagged(v))));

describe('tagged JSON codec', () => {
  it('round-trips rich values', () => {
    const value = {
      date: new Date('2024-01-02T03:04:05.678Z'),
      map: new Map<unknown, unknown>([['a', 1], [2, new Set([1n, 'x'])]]),
      big: 12345678901234567890n,
      nested: { list: [1, 'two', { three: [null, true] }], undef: undefined },
      nums: [NaN, Infinity, -Infinity, -0, 1.5],
      bytes: new Uint8Array([1, 2, 255]),
      floats: new Float64Array([0.5, -2]),
      buf: new Uint8Array([9, 8]).buffer,
      re: /a+b/gi,
      $t: 'user key named $t',
      ['__proto__']: 'not a prototype',
    };
    Object.defineProperty(value, '__proto__', { value: 'own', enumerable: true });
    const back = roundTrip(value) as typeof value;
    expect(back.date).toEqual(value.date);
    expect(back.map).toEqual(value.map);
    expect(back.big).toBe(value.big);
    expect(back.nested).toEqual(value.nested);
    expect('undef' in back.nested).toBe(true);
    expect(back.nums.slice(0, 3)).toEqual([NaN, Infinity, -Infinity]);
    expect(Object.is(back.nums[3], -0)).toBe(true);
    expect(back.bytes).toEqual(value.bytes);
    expect(back.floats).toBeInstanceOf(Float64Array);
    expect([...back.floats]).toEqual([0.5, -2]);
    expect(new Uint8Array(back.buf)).toEqual(new Uint8Array([9, 8]));
    expect(back.re.source).toBe('a+b');
    expect(back.$t).toBe('user key named $t');
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
  });

  it('keeps holes of sparse arrays and refuses cycles and functions', () => {
    const sparse = [1, , 3]; // eslint-disable-line no-sparse-arrays
    const back = roundTrip(sparse) as unknown[];
    expect(back.length).toBe(3);
    expect(1 in back).toBe(false);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => encodeTagged(cyclic)).toThrow(/cyclic reference at \$\.self/);
    expect(() => encodeTagged({ f: () => 1 })).toThrow(/function at \$\.f/);
  });

  it('never evaluates code while reading a result', () => {
    const g = globalThis as Record<string, unknown>;
    delete g.hpcqPwned;
    const evil = [
      '{"hpcq":"output","ok":true,"value":{"$t":"function","v":"(globalThis.hpcqPwned = 1, () => 1)"}}',
      '{"hpcq":"output","ok":true,"value":{"$t":"typed","type":"Function","v":"Z2xvYmFsVGhpcy5ocGNxUHduZWQ9MQ=="}}',
      '{"hpcq":"output","ok":true,"value":{"$t":"nope"}}',
    ];
    for (const text of evil) expect(() => parseOutput(text)).toThrow(ParseError);
    const data = parseOutput('{"hpcq":"output","ok":true,"value":"(function(){globalThis.hpcqPwned=1})()"}');
    expect(data).toEqual({ ok: true, value: '(function(){globalThis.hpcqPwned=1})()' });
    expect(g.hpcqPwned).toBeUndefined();
  });
});

describe('input payload', () => {
  it('refuses bound and native functions and class instances', () => {
    function add(a: number, b: number): number {
      return a + b;
    }
    expect(() => renderInput(add.bind(null, 1), [])).toThrow(HpcqError);
    expect(() => renderInput(Math.max, [])).toThrow(/native or bound/);
    class Secret {
      #key = 1;
      get key(): number {
        return this.#key;
      }
    }
    expect(() => renderInput(add, [new Secret()])).toThrow(/instance of Secret at args\[0\]/);
    expect(renderInput(add, [1, 2])).toContain('"hpcq":"input"');
  });
});

describe('generated runner', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hpcq-runner-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  async function run(fn: Function, args: unknown[], cwd?: string): Promise<ReturnType<typeof parseOutput>> {
    const files = jobFiles(`t${Math.random().toString(36).slice(2)}`, 'cluster', dir, 'local', { func: true });
    await writeFile(files.funcRunner!, renderFuncRunner(files));
    await writeFile(files.funcInput!, renderInput(fn, args));
    try {
      execFileSync('node', [files.funcRunner!, files.funcInput!, files.funcOutput!], { stdio: 'pipe', ...(cwd ? { cwd } : {}) });
    } catch {
      // a throwing function exits 1; the output file says why
    }
    return parseOutput(await readFile(files.funcOutput!, 'utf8'));
  }

  it('runs async functions with rich arguments and returns rich results', async () => {
    const out = await run(
      async (d: Date, m: Map<string, bigint>, f: (x: number) => number) => ({ year: d.getUTCFullYear(), total: [...m.values()].reduce((a, b) => a + b, 0n), f: f(2), when: new Date(0) }),
      [new Date('2020-05-01T00:00:00Z'), new Map([['a', 1n], ['b', 2n]]), (x: number) => x * 10],
    );
    expect(out).toEqual({ ok: true, value: { year: 2020, total: 3n, f: 20, when: new Date(0) } });
  });

  it('reports thrown errors with the stack and explains missing outer variables', async () => {
    const thrown = await run(function boom() {
      throw new RangeError('too big');
    }, []);
    expect(thrown.ok).toBe(false);
    if (!thrown.ok) {
      expect(thrown.error.name).toBe('RangeError');
      expect(thrown.error.stack).toMatch(/boom/);
    }
    const outer = 42;
    const missing = await run(() => outer + 1, []);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.message).toMatch(/outer is not defined.*runs in isolation.*args/);
  });

  it('describes a thrown non-Error value by its content', async () => {
    const obj = await run(() => {
      throw { code: 42, why: 'quota' };
    }, []);
    expect(obj.ok ? '' : obj.error.message).toMatch(/non-Error value thrown: \{ code: 42, why: 'quota' \}/);
    const str = await run(() => {
      throw 'plain words';
    }, []);
    expect(str.ok ? '' : str.error.message).toBe('non-Error value thrown: plain words');
  });

  it("writes its result by hpcq's own atomic rule: owner-only, no temp left, never through a planted symlink", async () => {
    const files = jobFiles(`w${Math.random().toString(36).slice(2)}`, 'cluster', dir, 'local', { func: true });
    const runner = renderFuncRunner(files);
    // One rule: the runner carries the writer's own source, and opens no file any other way.
    expect(runner).toContain(writeAtomicWith.toString());
    expect(runner.match(/openSync\(/g)).toHaveLength(1);
    await writeFile(files.funcRunner!, runner);
    await writeFile(files.funcInput!, renderInput((x: number) => x * 2, [21]));
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'keep\n', { mode: 0o644 });
    symlinkSync(victim, files.funcOutput!);
    execFileSync('bash', ['-c', 'umask 022; exec node "$@"', 'node', files.funcRunner!, files.funcInput!, files.funcOutput!], { stdio: 'pipe' });
    expect(readFileSync(victim, 'utf8')).toBe('keep\n');
    expect(lstatSync(files.funcOutput!).isFile()).toBe(true);
    expect(statSync(files.funcOutput!).mode & 0o777).toBe(0o600);
    expect(parseOutput(readFileSync(files.funcOutput!, 'utf8'))).toEqual({ ok: true, value: 42 });
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('lets the function use require and dynamic import', async () => {
    // Built from text: the test transformer would rewrite import() inside a written-out function.
    const fn = (0, eval)(`(async () => {
      const os = require('node:os');
      const path = await import('node:path');
      return [typeof os.hostname(), path.basename('/a/b.txt')];
    })`) as Function;
    const out = await run(fn, []);
    expect(out).toEqual({ ok: true, value: ['string', 'b.txt'] });
  });

  it("resolves import() and require() of packages from the job's dir, not from the filedir", async () => {
    // The runner stays in `dir` (a scratch filedir without node_modules); the job runs in `project`.
    const project = await mkdtemp(join(tmpdir(), 'hpcq-runner-project-'));
    try {
      mkdirSync(join(project, 'node_modules', 'hpcq-probe-pkg'), { recursive: true });
      writeFileSync(join(project, 'node_modules', 'hpcq-probe-pkg', 'package.json'), '{"name":"hpcq-probe-pkg","version":"1.0.0","main":"index.js"}');
      writeFileSync(join(project, 'node_modules', 'hpcq-probe-pkg', 'index.js'), 'module.exports = { where: "project" };');
      const fn = (0, eval)(`(async () => [(await import('hpcq-probe-pkg')).default.where, require('hpcq-probe-pkg').where, (await import('node:path')).sep])`) as Function;
      expect(await run(fn, [], project)).toEqual({ ok: true, value: ['project', 'project', '/'] });
      // Outside the project the package is not found, from import() as from require().
      const missing = await run(fn, [], dir);
      expect(missing.ok ? '' : missing.error.message).toMatch(/Cannot find package 'hpcq-probe-pkg'/);
    } finally {
      await rm(project, { recursive: true, force: true, maxRetries: 5 });
    }
  });
});
