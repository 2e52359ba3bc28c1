/**
 * Bad-input corpus, options part: every table keyword (and synonym) given every hostile value,
 * misspelled and odd keys, options that are not an object, and bad `maxQueueLen` values. Each
 * case is an HpcqError or is accepted, never another error or a hang; an accepted value must
 * render directives that stay one line each (no directive injection).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeJob, submit } from '../../src/api/index.js';
import { checkOptions, OPTION_TABLE, renderDirectives } from '../../src/options/index.js';
import type { CheckedOptions } from '../../src/options/index.js';
import { useFileTempConfig } from '../helpers/temp-config.js';
import { hostileValues, misspellings, ODD_KEYS } from './hostile-values.js';
import { createTally, runCase, summary, type Tally } from './tally.js';

useFileTempConfig('hpcq-corpus-options-');

let filedir: string;
beforeAll(async () => {
  filedir = await mkdtemp(join(tmpdir(), 'hpcq-corpus-options-jobs-'));
});
afterAll(async () => {
  await rm(filedir, { recursive: true, force: true, maxRetries: 5 });
});

const KEYS = OPTION_TABLE.flatMap((row) => [row.name, ...row.synonyms.slice(0, 1)]);
const PREFIX = { slurm: '#SBATCH ', torque: '#PBS ' } as const;

/** Directive lines that do not start with the scheduler's prefix, or that hold a line break. */
function strayLines(options: CheckedOptions): string[] {
  return (['slurm', 'torque'] as const).flatMap((qtype) =>
    renderDirectives(options, qtype).filter((line) => !line.startsWith(PREFIX[qtype]) || /[\r\n]/.test(line)),
  );
}

async function keywordCases(t: Tally, injected: string[]): Promise<void> {
  for (const key of KEYS) {
    for (const [label, value] of hostileValues()) {
      const checked = await runCase(t, `${key} = ${label}`, () => checkOptions({ [key]: value }, { qtype: 'slurm' }));
      if (checked) {
        const stray = await runCase(t, `${key} = ${label} rendered`, () => strayLines(checked));
        if (stray?.length) injected.push(`${key} = ${label}: ${stray.join(' | ')}`);
      }
      await runCase(t, `makeJob local ${key} = ${label}`, () => makeJob('true', { qtype: 'local', filedir, [key]: value }));
    }
  }
}

async function keyCases(t: Tally): Promise<number> {
  let rejected = 0;
  const keys = [...OPTION_TABLE.flatMap((row) => misspellings(row.name)), ...ODD_KEYS];
  for (const key of keys) {
    const before = t.typed;
    await runCase(t, `key ${JSON.stringify(key.slice(0, 40))}`, () => checkOptions({ [key]: 1 }));
    rejected += t.typed - before;
  }
  return rejected;
}

async function shapeCases(t: Tally): Promise<void> {
  for (const [label, value] of hostileValues()) {
    await runCase(t, `checkOptions(${label})`, () => checkOptions(value as never));
    // Only what is not an object goes to submit(): an object-like value ({}, a Map) is valid
    // options and would really submit; makeJob checks the same without submitting.
    const isObject = typeof value === 'object' && value !== null;
    await runCase(t, `submit('true', ${label})`, () => (isObject ? makeJob('true', value as never) : submit('true', value as never)));
    await runCase(t, `maxQueueLen = ${label}`, () => submit('true', { qtype: 'local', filedir, maxQueueLen: value as never }));
    // Job.submit checks its own argument before anything reaches a scheduler.
    await runCase(t, `job.submit maxQueueLen = ${label}`, () => makeJob('true', { qtype: 'slurm', filedir }).submit({ maxQueueLen: value as never }));
  }
}

describe('bad option values', () => {
  it('give an HpcqError or are accepted: 0 crashes, 0 hangs, 0 directive injections', async () => {
    const t = createTally();
    const injected: string[] = [];
    await keywordCases(t, injected);
    const unknownRejected = await keyCases(t);
    await shapeCases(t);
    console.log(summary('option corpus', t, `, ${injected.length} injections, ${unknownRejected} unknown keys rejected`));
    expect(t.crashes).toEqual([]);
    expect(t.hangs).toEqual([]);
    expect(injected).toEqual([]);
    expect(t.cases).toBeGreaterThanOrEqual(1000);
    // The corpus is mostly bad input: most cases must be refused, not waved through.
    expect(t.typed).toBeGreaterThan(t.cases / 2);
  });
});
