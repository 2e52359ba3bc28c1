/**
 * Bad-input corpus, config part: malformed INI files (generated from a valid config by
 * truncating it, dropping and duplicating lines, and splicing in broken lines) read through
 * every profile and settings reader, and through a job submission that merges them. Each read
 * is an HpcqError (ProfileError or OptionError) or succeeds; never another error or a hang.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeJob } from '../../src/api/index.js';
import { getOption, getProfile, listProfiles } from '../../src/profiles/index.js';
import { seededRandom } from './hostile-values.js';
import { createTally, runCase, summary } from './tally.js';

const VALID = [
  '[prof_default]', 'nodes = 1', 'cores = 1', 'time = 02:00:00', '',
  '[prof_big]', 'cores = 8', 'mem = 32G', 'modules[] = gcc', 'modules[] = openmpi', 'env[] = OMP_NUM_THREADS=8', 'depends[] = 12', '',
  '[queue]', 'max_jobs = 1000', 'queue_update = 2', '', '[jobs]', 'suffix = cluster',
];

const BROKEN = [
  '[', ']', '[prof_big', '[[prof_big]]', '[prof_big.sub]', '[__proto__]', '[constructor]', '[prof___proto__]', '__proto__ = 1',
  'constructor = x', '=', '= value', 'key', 'cores', 'cores =', 'cores = abc', 'cores = -1', 'cores = 1e999', 'cores = NaN',
  'mem = -5G', 'mem = 1e400', 'time = 25:99:99', 'time = 1-30', 'time = ', 'depends[] =', 'depends = a\u0000b', 'env[] = A',
  'env[] = 1BAD=x', 'env = {"a":1}', 'modules[] = ', 'exclusive = maybe', 'requeue = ', 'suffix = a/b', 'suffix = ..',
  'max_jobs = -3', 'max_jobs = lots', 'queue_update = NaN', 'qtype = pbs', 'remote = ssh://', 'profile = big', 'name = x',
  'args = [1]', '\u0000', '\ufeff[prof_default]', 'nodes = 1\r', '\t\tcores = 2', ';comment', '# comment', 'cores = "2"',
  "cores = '2'", 'cores = 2 ; trailing', 'x'.repeat(5000), `cores = ${'9'.repeat(400)}`, 'ünï = 😀', 'cors = 4', 'tme = 1h',
  '[prof_default]', '[queue]', '[jobs]', 'filedir = ', 'filedir = /proc/1/nonexistent', 'dir = \u0000',
];

/** One malformed config text; `i` picks the kind of damage, the generator the details. */
function mutate(i: number, rnd: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const lines = [...VALID];
  switch (i % 5) {
    case 0: // truncated anywhere, even inside a line
      return VALID.join('\n').slice(0, Math.floor(rnd() * VALID.join('\n').length));
    case 1: // lines dropped
      return lines.filter(() => rnd() > 0.3).join('\n');
    case 2: // broken lines spliced in
      for (let k = 0; k < 1 + rnd() * 4; k++) lines.splice(Math.floor(rnd() * lines.length), 0, pick(BROKEN));
      return lines.join('\n');
    case 3: // lines duplicated and shuffled
      return lines.map((l) => (rnd() < 0.2 ? `${l}\n${l}` : l)).sort(() => rnd() - 0.5).join('\n');
    default: // random bytes of the broken lines, and random characters
      return Array.from({ length: 1 + rnd() * 6 }, () => (rnd() < 0.5 ? pick(BROKEN) : String.fromCharCode(Math.floor(rnd() * 0x2fff)))).join('\n');
  }
}

let dir: string;
const oldConfig = process.env.HPCQ_CONFIG;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hpcq-corpus-ini-'));
});
afterAll(async () => {
  if (oldConfig === undefined) delete process.env.HPCQ_CONFIG;
  else process.env.HPCQ_CONFIG = oldConfig;
  await rm(dir, { recursive: true, force: true, maxRetries: 5 });
});

describe('malformed config files', () => {
  it('give a ProfileError or OptionError, or are read: 0 crashes, 0 hangs', async () => {
    const t = createTally();
    const rnd = seededRandom(13);
    const texts = [...BROKEN.map((line) => `${line}\n`), ...Array.from({ length: 240 }, (_, i) => mutate(i, rnd))];
    for (const [i, text] of texts.entries()) {
      const file = join(dir, `config-${i}.ini`);
      await writeFile(file, text);
      process.env.HPCQ_CONFIG = file;
      const label = `config ${i} (kind ${i % 5})`;
      await runCase(t, `${label} getProfile()`, () => getProfile());
      await runCase(t, `${label} getProfile(big)`, () => getProfile('big'));
      await runCase(t, `${label} listProfiles`, () => listProfiles());
      await runCase(t, `${label} getOption()`, () => getOption());
      await runCase(t, `${label} getOption(queue, max_jobs)`, () => getOption('queue', 'max_jobs'));
      await runCase(t, `${label} makeJob`, () => makeJob('true', { qtype: 'local', filedir: dir }));
      await runCase(t, `${label} makeJob profile big`, () => makeJob('true', { qtype: 'local', filedir: dir, profile: 'big' }));
    }
    console.log(summary('config corpus', t, ` (${texts.length} files)`));
    expect(t.crashes).toEqual([]);
    expect(t.hangs).toEqual([]);
    expect(t.cases).toBeGreaterThanOrEqual(1000);
    expect(t.typed).toBeGreaterThan(100);
  });
});
