/** `hpcq map`'s items file and command template, as pure functions. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandTemplate } from '../../src/array/template.js';
import { parseItems, readItems } from '../../src/cli/items.js';
import { templateOf, templateWord } from '../../src/cli/map-template.js';
import { UsageError } from '../../src/cli/parse.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hpcq-map-items-'));
});
afterAll(() => rm(dir, { recursive: true, force: true, maxRetries: 5 }));

describe('parseItems', () => {
  it('gives one text item per non-blank line, CRLF and trailing newline dropped, 007 kept as text', () => {
    expect(parseItems('a\r\n\n  \n007\ntrue\nlast')).toEqual(['a', '007', 'true', 'last']);
  });
  it('reads JSON lines only when asked, and names every line that is not JSON', () => {
    expect(parseItems('{"x":1}\n[2]\n"s"', { jsonLines: true })).toEqual([{ x: 1 }, [2], 's']);
    const err = (() => {
      try {
        parseItems('{"x":1}\nnope\n{bad', { jsonLines: true });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/2 line\(s\) are not JSON:\n {2}line 2: .*\n {2}line 3: /);
  });
});

describe('readItems', () => {
  it('refuses an empty file, and reads a .jsonl file as JSON lines', async () => {
    await writeFile(join(dir, 'empty.txt'), '\n\n');
    await expect(readItems({ path: join(dir, 'empty.txt') })).rejects.toThrow(/no items .*one item per line/);
    await writeFile(join(dir, 'rows.jsonl'), '{"name":"a"}\n');
    expect(await readItems({ path: join(dir, 'rows.jsonl') })).toEqual([{ name: 'a' }]);
    await expect(readItems({ path: join(dir, 'missing.txt') })).rejects.toThrow(/cannot read it \(ENOENT\)/);
  });
  it("reads stdin for '-'", async () => {
    expect(await readItems({ path: '-' }, Readable.from(['x\n', 'y\n']))).toEqual(['x', 'y']);
  });
});

describe('templateOf', () => {
  it('keeps one word as a shell line, and quotes the literal parts of several around bare placeholders', () => {
    expect(templateOf(['test {item} -gt 2 && echo {index}'])).toBe('test {item} -gt 2 && echo {index}');
    expect(templateOf(['./run.sh', '{item}', 'out dir/{index}.txt', '--x={name}'])).toBe("./run.sh {item} 'out dir/'{index}.txt --x={name}");
    expect(templateWord('')).toBe("''");
  });
  it('lets no item inject shell syntax once expanded: bash reads back one argument holding the item', () => {
    const item = "a'; touch x; $(id) `id` \"q\" b";
    const line = expandTemplate(templateOf(['printf', '%s|', 'pre {item} post', '{index}']), item, 7).split('\n')[1]!;
    expect(execFileSync('bash', ['-c', line], { encoding: 'utf8' })).toBe(`pre ${item} post|7|`);
  });
});
