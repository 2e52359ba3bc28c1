// Parser fuzzing: recorded scheduler output (the project's fixtures, and ../shared/fixtures when
// present), damaged by seeded random mutations, plus random text, through every parser. Each
// parser must return valid records (see recordProblems) or throw ParseError, nothing else.
// The seeds and counts are printed; HPCQ_FUZZ_SEED=<n> repeats a run, HPCQ_FUZZ_INPUTS=<n> changes its size.
// No timing is asserted here (bench/b8-parsers.mjs measures speed and linearity).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../bench/random.mjs';
import { ParseError } from '../../src/errors.js';
import { parseQstat, parseSacct, parseScontrol, parseSqueue, parseSubmitOutput } from '../../src/schedulers/index.js';
import { excerpt, mutate, randomText } from '../helpers/fuzz-mutations.js';
import { recordProblems } from '../helpers/record-check.js';
import { readSharedFixture, sharedFixtureFiles } from '../helpers/shared-fixtures.js';

const SEED = Number(process.env.HPCQ_FUZZ_SEED ?? 20261201);
const INPUTS = Number(process.env.HPCQ_FUZZ_INPUTS ?? 100_000);

type Parser = (text: string) => unknown;
const PARSERS: Record<string, Parser> = {
  parseSqueue,
  parseSacct,
  parseScontrol,
  parseQstat,
  'parseSubmitOutput(slurm)': (t) => parseSubmitOutput('slurm', t),
  'parseSubmitOutput(torque)': (t) => parseSubmitOutput('torque', t),
};

/** Every recorded output the project holds, and the shared ones when present. */
function corpus(): string[] {
  const own = ['slurm', 'torque'].flatMap((d) => {
    const dir = join(import.meta.dirname, '..', 'fixtures', d);
    return readdirSync(dir)
      .filter((f) => f.endsWith('.txt'))
      .map((f) => readFileSync(join(dir, f), 'utf8'));
  });
  return [...own, ...sharedFixtureFiles(['slurm', 'torque', 'pbspro', 'sge']).map(readSharedFixture)];
}

interface Tally {
  inputs: number;
  calls: number;
  records: number;
  parseErrors: number;
  crashes: number;
  invalid: number;
  samples: string[];
}

/** Why a parser's answer is wrong for `text`, or undefined when it is right. */
function verdict(name: string, out: unknown, text: string): string | undefined {
  if (name.startsWith('parseSubmitOutput')) {
    return typeof out === 'string' && /^\d+/.test(out) && text.includes(out) ? undefined : `returned ${JSON.stringify(out)}`;
  }
  if (!Array.isArray(out)) return 'did not return an array';
  const problems = out.flatMap((r) => recordProblems(r, text));
  return problems.length ? problems.slice(0, 3).join('; ') : undefined;
}

function runOne(text: string, tally: Tally): void {
  tally.inputs++;
  for (const [name, parse] of Object.entries(PARSERS)) {
    tally.calls++;
    let out: unknown;
    try {
      out = parse(text);
    } catch (err) {
      if (err instanceof ParseError) tally.parseErrors++;
      else {
        tally.crashes++;
        if (tally.samples.length < 5) tally.samples.push(`${name} threw ${String(err)} on ${JSON.stringify(text.slice(0, 300))}`);
      }
      continue;
    }
    const wrong = verdict(name, out, text);
    if (wrong) {
      tally.invalid++;
      if (tally.samples.length < 5) tally.samples.push(`${name} ${wrong} on ${JSON.stringify(text.slice(0, 300))}`);
    } else if (Array.isArray(out)) tally.records += out.length;
  }
}

/** Inputs are run in this many tests (seeds SEED, SEED+1, ...), each reported on its own and in total. */
const PARTS = 4;

/** Run `count` inputs from one seed: the unchanged recordings first, then mutations and random text. */
async function fuzz(seed: number, count: number, seeds: string[], tally: Tally): Promise<{ randomInputs: number }> {
  const rand = seededRandom(seed);
  const start = tally.inputs;
  // Unchanged recordings first: the baseline every mutation departs from.
  if (seed === SEED) for (const text of seeds) runOne(text, tally);
  let randomInputs = 0;
  while (tally.inputs - start < count) {
    // Let the test runner's messages through now and then: a worker that never yields for
    // many seconds has its progress reports time out.
    if ((tally.inputs - start) % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
    if (rand() < 0.1) {
      randomInputs++;
      runOne(randomText(rand), tally);
      continue;
    }
    const base = seeds[Math.floor(rand() * seeds.length)]!;
    // Two recordings glued together now and then: outputs concatenated by a wrapper script.
    const source = rand() < 0.05 ? `${base}\n${seeds[Math.floor(rand() * seeds.length)]!}` : base;
    runOne(mutate(excerpt(source, rand), rand).text, tally);
  }
  return { randomInputs };
}

const line = (t: Tally) =>
  `inputs ${t.inputs}, parser calls ${t.calls}, records ${t.records}, ParseErrors ${t.parseErrors}, crashes ${t.crashes}, invalid results ${t.invalid}`;

describe('parser fuzzing', () => {
  const seeds = corpus();
  const total: Tally = { inputs: 0, calls: 0, records: 0, parseErrors: 0, crashes: 0, invalid: 0, samples: [] };
  const cpuStart = process.cpuUsage();

  afterAll(() => {
    const cpu = process.cpuUsage(cpuStart);
    console.log(`parser fuzzing, all parts: seed ${SEED}..${SEED + PARTS - 1}, ${seeds.length} recordings, ${line(total)}, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s of CPU`);
  });

  it.each(Array.from({ length: PARTS }, (_, i) => i))(`part %i of the ${INPUTS} seeded inputs: valid records or ParseError, never anything else`, async (part) => {
    const tally: Tally = { inputs: 0, calls: 0, records: 0, parseErrors: 0, crashes: 0, invalid: 0, samples: [] };
    const started = Date.now();
    // Most calls end in an expected ParseError: capturing a stack for each would be most of the run.
    const stackLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    let randomInputs: number;
    try {
      ({ randomInputs } = await fuzz(SEED + part, Math.ceil(INPUTS / PARTS), seeds, tally));
    } finally {
      Error.stackTraceLimit = stackLimit;
    }
    for (const key of ['inputs', 'calls', 'records', 'parseErrors', 'crashes', 'invalid'] as const) total[key] += tally[key];
    console.log(`parser fuzzing part ${part}: seed ${SEED + part}, ${line(tally)} (${randomInputs} random inputs), ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(tally.samples).toEqual([]);
    expect(tally.crashes).toBe(0);
    expect(tally.invalid).toBe(0);
    expect(tally.inputs).toBeGreaterThanOrEqual(INPUTS / PARTS);
    // The corpus is really parsed, not only rejected: the wrong parsers fail, the right one reads records.
    expect(tally.records).toBeGreaterThan(tally.inputs / 2);
  });
});
