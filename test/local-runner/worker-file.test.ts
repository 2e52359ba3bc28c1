/**
 * The function worker is the package's own file: a worker module planted in $TMPDIR (by another
 * user of a shared machine) is never loaded, and running function jobs writes nothing there.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalRunner } from '../../src/local-runner/index.js';

const oldTmp = process.env.TMPDIR;
const base = mkdtempSync(join(tmpdir(), 'hpcq-worker-test-'));
const privateTmp = join(base, 'tmp');
const marker = join(base, 'planted-worker-ran');

/** A worker module that leaves the marker and answers like the real one, so only the marker tells. */
const PLANTED = `require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran');
module.exports = async () => ({ ok: true, value: 'planted' });
`;

beforeAll(() => {
  mkdirSync(privateTmp, { mode: 0o700 });
  process.env.TMPDIR = privateTmp;
});
afterAll(() => {
  if (oldTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = oldTmp;
  rmSync(base, { recursive: true, force: true, maxRetries: 5 });
});

async function runDouble(): Promise<unknown> {
  const runner = new LocalRunner({ cores: 1 });
  try {
    return (await runner.get(runner.add((x: number) => x * 2, { args: [21] }))).result;
  } finally {
    await runner.close();
  }
}

describe('the local runner\'s function worker', () => {
  it('never runs a worker file planted in $TMPDIR', async () => {
    const first = await runDouble();
    // Whatever worker-like file hpcq left or might look for there is replaced by a hostile one.
    const found = readdirSync(privateTmp).filter((n) => /worker/.test(n));
    for (const name of [...found, 'hpcq-worker.cjs', 'hpcq-worker.js']) writeFileSync(join(privateTmp, name), PLANTED);
    const second = await runDouble();
    expect(existsSync(marker), 'the planted worker ran').toBe(false);
    expect([first, second]).toEqual([42, 42]);
    expect(found, 'a worker file was written to $TMPDIR').toEqual([]);
  });
});
