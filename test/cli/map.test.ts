/** The built `hpcq map` on the local runner, in temp dirs: results in order, failures by index, quoting, stdin, refusals. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtBin, runBin, type BinResult } from '../helpers/bin.js';
import { useTempConfig } from '../helpers/temp-config.js';

const cfg = useTempConfig('hpcq-cli-map-');

/** `hpcq map --qtype local ...` in the test's temp dir. */
function hpcqMap(args: string[]): Promise<BinResult> {
  return runBin('main', ['map', '--qtype', 'local', '--filedir', cfg.dir, ...args], { cwd: cfg.dir, env: { HPCQ_CONFIG: cfg.file } });
}

interface Outcome {
  index: number;
  item: unknown;
  ok: boolean;
  state: string;
  exitCode: number | null;
  stdout: string;
}
const outcomes = (out: string): Outcome[] => out.trim().split('\n').map((l) => JSON.parse(l) as Outcome);

describe('hpcq map on the local runner', () => {
  it('runs a 50-line items file as 50 tasks, results in item order, the one failing item reported by index', async () => {
    const items = Array.from({ length: 50 }, (_, i) => (i === 37 ? 'bad' : `item-${i}`));
    await writeFile(join(cfg.dir, 'items.txt'), `${items.join('\n')}\n`);
    const r = await hpcqMap(['--items', 'items.txt', '--parallel', '8', '--results', '--', 'sh', '-c', 'test "$1" != bad || exit 3; echo "did $1 as {index}"', 'sh', '{item}']);
    expect(r.code).toBe(1);
    const got = outcomes(r.out);
    expect(got.map((o) => o.index)).toEqual(items.map((_, i) => i));
    expect(got.map((o) => o.item)).toEqual(items);
    expect(got.filter((o) => !o.ok).map((o) => [o.index, o.state, o.exitCode])).toEqual([[37, 'failed', 3]]);
    expect(got[5]!.stdout).toBe('did item-5 as 5\n');
    expect(r.err).toMatch(/1 item\(s\) failed: 37\n\s+item 37 .*failed \(nonzero_exit\), exit code 3/);
  }, 120_000);

  it('passes shell metacharacters in items to the command quoted: no marker file is created', async () => {
    const items = ['$(touch PWNED1)', '`touch PWNED2`', '; touch PWNED3', "it's && touch PWNED4", '| touch PWNED5 #', '"$HOME" > PWNED6'];
    await writeFile(join(cfg.dir, 'items.txt'), `${items.join('\n')}\n`);
    const several = await hpcqMap(['--items', 'items.txt', '--results', '--', 'printf', '%s', 'got {item}']);
    expect(several.code).toBe(0);
    expect(outcomes(several.out).map((o) => o.stdout)).toEqual(items.map((i) => `got ${i}`));
    // One word is a shell line as written; the placeholder's value is still one quoted word.
    const line = await hpcqMap(['--items', 'items.txt', '--results', '--', 'printf %s {item}']);
    expect(line.code).toBe(0);
    expect(outcomes(line.out).map((o) => o.stdout)).toEqual(items);
    expect((await readdir(cfg.dir)).filter((f) => f.startsWith('PWNED'))).toEqual([]);
  }, 120_000);

  it('reads JSON lines with named fields, and --wait exits 0 with the array line printed', async () => {
    await writeFile(join(cfg.dir, 'rows.jsonl'), '{"name":"a b","n":1}\n{"name":"c","n":2}\n');
    const r = await hpcqMap(['--items', 'rows.jsonl', '--results', '--', 'echo {name}={n}']);
    expect(r.code).toBe(0);
    expect(outcomes(r.out).map((o) => o.stdout)).toEqual(['a b=1\n', 'c=2\n']);
    const waited = await hpcqMap(['--items', 'rows.jsonl', '--name', 'rows', '--wait', '--', 'true']);
    expect(waited.code).toBe(0);
    expect(waited.out).toBe('\trows\tlocal\n');
    const json = await hpcqMap(['--items', 'rows.jsonl', '--name', 'rows', '--wait', '--json', '--', 'test {n} = 1']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toEqual({ name: 'rows', qtype: 'local', items: 2, counts: { completed: 1, failed: 1 }, failed: [1] });
  }, 60_000);

  it('--array-tasks N packs the items into N tasks, results still in item order', async () => {
    await writeFile(join(cfg.dir, 'ten.txt'), `${Array.from({ length: 10 }, (_, i) => `i${i}`).join('\n')}\n`);
    const r = await hpcqMap(['--items', 'ten.txt', '--array-tasks', '3', '--results', '--', 'sh', '-c', 'echo "$1@$HPCQ_ARRAY_INDEX"', 'sh', '{item}']);
    expect(r.code).toBe(0);
    const got = outcomes(r.out);
    expect(got.map((o) => [o.index, o.ok])).toEqual(Array.from({ length: 10 }, (_, i) => [i, true]));
    // The items of a packed command task share its output files: each item's line is in its task's.
    got.forEach((o, i) => expect(o.stdout).toContain(`i${i}@${Math.floor(i / 4)}\n`));
    expect(new Set(got.map((o) => o.stdout)).size).toBe(3);
    const both = await hpcqMap(['--items', 'ten.txt', '--array-tasks', '3', '--chunk', '2', '--', 'true']);
    expect(both.code).not.toBe(0);
    expect(both.err).toMatch(/not both/);
  }, 60_000);

  it("reads the items from stdin with '--items -'", async () => {
    const r = await new Promise<BinResult>((resolve) => {
      const child = execFile(process.execPath, [builtBin('main'), 'map', '--qtype', 'local', '--filedir', cfg.dir, '--items', '-', '--results', '--', 'echo', '{index}:{item}'], { cwd: cfg.dir, env: { ...process.env, HPCQ_CONFIG: cfg.file } }, (err, out, errText) => resolve({ code: err ? Number(err.code) : 0, out, err: errText }));
      child.stdin!.end('x\ny z\n');
    });
    expect(r.code).toBe(0);
    expect(outcomes(r.out).map((o) => o.stdout)).toEqual(['0:x\n', '1:y z\n']);
  }, 60_000);

  it('refuses an empty items file, a missing --items, a bad --chunk and a line that is not JSON (exit 2, nothing written)', async () => {
    await writeFile(join(cfg.dir, 'empty.txt'), '\n  \n');
    const empty = await hpcqMap(['--items', 'empty.txt', '--', 'echo', '{item}']);
    expect([empty.code, empty.err]).toEqual([2, 'hpcq: --items empty.txt: no items (the file holds no non-blank line); give one item per line\n']);
    const missing = await hpcqMap(['--', 'echo', '{item}']);
    expect([missing.code, missing.err]).toEqual([2, 'hpcq: --items FILE is required (one item per line, or - for stdin)\n']);
    await writeFile(join(cfg.dir, 'one.txt'), 'a\n');
    const chunk = await hpcqMap(['--items', 'one.txt', '--chunk', '0', '--', 'echo']);
    expect([chunk.code, chunk.err]).toEqual([2, "hpcq: --chunk takes a whole number of at least 1, not '0'\n"]);
    const json = await hpcqMap(['--items', 'one.txt', '--json-lines', '--', 'echo']);
    expect(json.code).toBe(2);
    expect(json.err).toMatch(/are read as JSON lines, but 1 line\(s\) are not JSON:\n {2}line 1: /);
    expect(existsSync(join(cfg.dir, 'echo.cluster.items'))).toBe(false);
  });

  it('has help naming --items, --chunk, --parallel and the job options', async () => {
    const r = await runBin('main', ['map', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--items FILE', '--json-lines', '--chunk K', '--array-tasks N', '--parallel N', '--results', '--cores N', '--time TIME', '--depends DEPS']) expect(r.out).toContain(flag);
    expect(r.out).not.toMatch(/--array(?![-\w])/);
  });
});
