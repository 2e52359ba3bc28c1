/**
 * A result payload is data, never code: hostile output files planted where a finished function
 * job's result goes (a shared filedir lets anyone write there) are read by the reader that
 * `get()` uses, and each one either decodes to plain data or is refused with a ParseError. None
 * runs anything (a marker file and a global flag prove it), none pollutes a prototype.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { submit } from '../../src/api/index.js';
import { ParseError } from '../../src/errors.js';
import { parseItemsOutput } from '../../src/job/payload.js';
import { readOutputs } from '../../src/job/result.js';
import { createLocalHost } from '../../src/util/local-host.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

const config = useFileTempConfig('hpcq-hostile-results-');

/** Payloads whose every code-bearing field would, if evaluated, write `marker` and set the flag. */
function hostile(marker: string): string[] {
  const code = `(globalThis.hpcqPwned = 1, require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'x'))`;
  const b64 = Buffer.from(code).toString('base64');
  const out = (value: unknown): string => JSON.stringify({ hpcq: 'output', ok: true, value });
  const deep = '['.repeat(200_000) + ']'.repeat(200_000);
  return [
    out({ $t: 'function', v: code }),
    out({ $t: 'function', v: `function () { return ${code}; }` }),
    out({ $t: 'typed', type: 'Function', v: b64 }),
    out({ $t: 'typed', type: 'eval', v: b64 }),
    out({ $t: code }),
    out({ $t: 'date', v: { toString: code } }),
    out({ $t: 'bigint', v: code }),
    out({ $t: 'map', v: code }),
    out({ $t: 'set', v: { length: 1, 0: code } }),
    out({ $t: 'regexp', source: `(?=${code})`, flags: 'gimsuyzq' }),
    out({ $t: 'error', v: { name: code, message: code, stack: code } }),
    out({ $t: 'object', v: { __proto__: { polluted: code } } }),
    '{"hpcq":"output","ok":true,"value":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}}',
    JSON.stringify({ hpcq: 'output', ok: false, error: { name: code, message: code, stack: code } }),
    JSON.stringify({ hpcq: 'output', ok: false, error: { name: { toString: code }, message: 1 } }),
    `{"hpcq":"output","ok":true,"value":${deep}}`,
    code,
    `export default ${code};`,
    '',
    'null',
    '{"hpcq":"output"}',
    JSON.stringify({ hpcq: 'output', ok: true, items: [{ index: 0, ok: true, value: { $t: 'function', v: code } }] }),
    JSON.stringify({ hpcq: 'output', ok: true, items: [null, { index: { valueOf: code }, ok: true, value: { $t: 'bigint', v: code } }] }),
  ];
}

it('reads every planted hostile result as data or refuses it with a ParseError, and runs none', async () => {
  const g = globalThis as Record<string, unknown>;
  delete g.hpcqPwned;
  const marker = join(config.dir, 'pwned');
  const job = await submit((x: number) => x + 1, { qtype: 'local', filedir: config.dir, args: [1], name: 'target' });
  expect((await job.get()).result).toBe(2);
  const host = createLocalHost();
  const outcomes = { data: 0, refused: 0, other: [] as string[] };
  const payloads = hostile(marker);
  for (const [i, text] of payloads.entries()) {
    writeFileSync(job.files.funcOutput!, text);
    const read = await readOutputs(host, job.files);
    if (read.outcome) outcomes.data++;
    else if (read.outcomeError instanceof ParseError) outcomes.refused++;
    else outcomes.other.push(`payload ${i}: ${String(read.outcomeError)}`);
    // The map-task reader too: the same payload as a task's output.
    try {
      parseItemsOutput(text);
    } catch (err) {
      if (!(err instanceof ParseError)) outcomes.other.push(`payload ${i} (items): ${String(err)}`);
    }
  }
  const evaluated = Number(existsSync(marker) || g.hpcqPwned !== undefined);
  process.stdout.write(`hostile results: ${payloads.length} planted, ${outcomes.data} read as data, ${outcomes.refused} refused, ${evaluated} evaluated\n`);
  expect(outcomes.other).toEqual([]);
  expect(outcomes.data + outcomes.refused).toBe(payloads.length);
  expect(existsSync(marker)).toBe(false);
  expect(g.hpcqPwned).toBeUndefined();
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}, 60_000);
