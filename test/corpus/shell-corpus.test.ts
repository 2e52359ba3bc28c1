/**
 * Bad-input corpus, shell part: job names, function arguments, command arguments, paths and
 * environment values holding shell metacharacters, quotes, newlines, unicode, `$(…)` and
 * backticks, written as Slurm, Torque and local jobs. Each is an HpcqError or is written with
 * every directive still one line; a sample then really runs (local jobs through the local pool,
 * Slurm and Torque job scripts with bash) and must print exactly what was given. A marker file
 * that the hostile strings try to create proves that nothing was injected.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeJob, submit } from '../../src/api/index.js';
import type { Qtype } from '../../src/types.js';
import { shellQuote } from '../../src/util/shell-quote.js';
import { useFileTempConfig } from '../helpers/temp-config.js';
import { hostileStrings, labelOf } from './hostile-strings.js';
import { createTally, runCase, summary, type Tally } from './tally.js';

useFileTempConfig('hpcq-corpus-shell-');
const run = promisify(execFile);

let base: string;
let marker: string;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'hpcq-corpus-shell-'));
  marker = join(base, 'INJECTED');
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true, maxRetries: 5 });
});

/** Where a string goes: the options it sets, the task, and what a run must print. */
interface Usage {
  name: string;
  /** The local runner uses it (cluster-only options are dropped there). */
  local?: boolean;
  build(s: string, dir: string): { task: string | ((x: string) => string); options: Record<string, unknown>; expect: string };
}

const USAGES: Usage[] = [
  { name: 'env value', local: true, build: (s) => ({ task: `printf '%s' "$HPCQ_CORPUS"`, options: { env: { HPCQ_CORPUS: s } }, expect: s }) },
  { name: 'quoted argument', local: true, build: (s) => ({ task: `printf '%s' ${shellQuote(s)}`, options: {}, expect: s }) },
  { name: 'job name', local: true, build: (s) => ({ task: 'printf ok', options: { name: s }, expect: 'ok' }) },
  { name: 'dir', local: true, build: (_s, dir) => ({ task: 'pwd', options: { dir }, expect: `${resolve(dir)}\n` }) },
  { name: 'filedir', local: true, build: (_s, dir) => ({ task: 'printf ok', options: { filedir: dir }, expect: 'ok' }) },
  { name: 'function argument', local: true, build: (s) => ({ task: (x: string) => x, options: { args: [s] }, expect: s }) },
  ...['partition', 'account', 'mailUser', 'begin', 'outfile', 'modules', 'features', 'exclude'].map(
    (key): Usage => ({ name: key, local: key === 'outfile' || key === 'modules', build: (s) => ({ task: 'printf ok', options: { [key]: s }, expect: 'ok' }) }),
  ),
];

/**
 * The flags of the directive block that sbatch and qsub read: the comment lines before the
 * first command. A value that smuggled in a line would add a flag here.
 */
function directiveFlags(script: string): string[] {
  const lines = script.split('\n');
  const end = lines.findIndex((l) => l.trim() !== '' && !l.startsWith('#'));
  return lines.slice(0, end < 0 ? undefined : end).filter((l) => /^#(SBATCH|PBS)/.test(l)).map((l) => l.split(/[\s=]/)[1]!);
}
const RUN_ON_GRID = new Set(['env value', 'quoted argument', 'dir']);

/** A directory named by the hostile string (nested when it holds '/'), or undefined when no file system takes it. */
async function hostileDir(s: string, i: number): Promise<string | undefined> {
  if (s.includes('\0') || s === '') return undefined;
  const dir = join(base, `d${i}`, s);
  try {
    await mkdir(dir, { recursive: true });
    return dir;
  } catch {
    return undefined;
  }
}

interface Counts { written: number; runs: number; mismatches: string[]; strayDirectives: string[] }

const plainCache = new Map<string, Promise<string[]>>();

/** The directive flags of the same job with a harmless value. */
function plainFlags(qtype: Qtype, usage: Usage, filedir: string): Promise<string[]> {
  const key = `${qtype} ${usage.name}`;
  if (!plainCache.has(key)) {
    const { task, options } = usage.build('plain', base);
    plainCache.set(key, makeJob(task, { qtype, filedir, ...options }).write().then((job) => readFile(job.files.submit, 'utf8')).then(directiveFlags));
  }
  return plainCache.get(key)!;
}

/** Write one job; on a grid, check its directives against a plain job's and run its script with bash. */
async function gridCase(t: Tally, c: Counts, label: string, qtype: Qtype, usage: Usage, s: string, dir: string, i: number): Promise<void> {
  const { task, options, expect: want } = usage.build(s, dir);
  // One directory per string keeps the listing each new job name is checked against short.
  const filedir = join(base, 'jobs', qtype, String(i));
  const job = await runCase(t, label, () => makeJob(task, { qtype, filedir, ...options }).write());
  if (!job) return;
  c.written++;
  if (qtype !== 'local') {
    const flags = directiveFlags(await readFile(job.files.submit, 'utf8'));
    const want = await plainFlags(qtype, usage, filedir);
    // Fewer flags is fine (an empty list renders none); a flag the plain job lacks was smuggled in.
    const extra = flags.filter((f) => !want.includes(f) || flags.filter((g) => g === f).length > want.filter((g) => g === f).length);
    if (extra.length) c.strayDirectives.push(`${label}: ${extra.join(' ')}`);
  }
  // The scripts that hold the string run with bash; the local pool runs below cover local jobs and functions.
  if (qtype === 'local' || !RUN_ON_GRID.has(usage.name) || (usage.name === 'dir' && !existsSync(dir))) return;
  const out = await runCase(t, `${label} run`, () => run('bash', [job.files.exec], { cwd: filedir, timeout: 60_000 }));
  c.runs++;
  if (out && out.stdout !== want) c.mismatches.push(`${label}: printed ${JSON.stringify(out.stdout.slice(0, 80))}`);
}

/** Submit one job to the local pool and compare what it printed (or returned) with what was given. */
async function localRun(t: Tally, c: Counts, label: string, usage: Usage, s: string, dir: string): Promise<void> {
  const { task, options, expect: want } = usage.build(s, dir);
  const filedir = join(base, 'jobs', 'local-run');
  const result = await runCase(t, label, async () => (await submit(task, { qtype: 'local', filedir, ...options })).get(), 30_000);
  if (!result) return;
  c.runs++;
  const got = typeof task === 'function' ? result.result : result.stdout;
  if (got !== want) c.mismatches.push(`${label}: got ${JSON.stringify(String(got).slice(0, 80))}`);
}

describe('hostile names, arguments, paths and env values', () => {
  it('are refused with an HpcqError or run exactly as given: 0 crashes, 0 hangs, 0 injections', async () => {
    const t = createTally();
    const c: Counts = { written: 0, runs: 0, mismatches: [], strayDirectives: [] };
    const strings = hostileStrings(marker);
    const started = Date.now();
    // Four strings at a time: writing is file I/O, and the machine has two cores.
    const writeAll = async (s: string, i: number): Promise<void> => {
      const dir = (await hostileDir(s, i)) ?? join(base, `d${i}`, s);
      for (const usage of USAGES) {
        // Cluster-only options are dropped in local mode, and Torque quotes them as Slurm does.
        const qtypes = usage.local ? (['slurm', 'torque', 'local'] as const) : (['slurm'] as const);
        for (const qtype of qtypes) await gridCase(t, c, `${qtype} ${usage.name} ${labelOf(s)}`, qtype, usage, s, dir, i);
      }
    };
    for (let i = 0; i < strings.length; i += 4) await Promise.all(strings.slice(i, i + 4).map((s, k) => writeAll(s, i + k)));
    const wroteMs = Date.now() - started;
    // A sample really runs on the local pool: every string as an env value and a quoted
    // argument, every third one as a name, directory, filedir and function argument.
    const sampled = USAGES.slice(0, 6);
    await Promise.all(
      strings.flatMap((s, i) =>
        sampled.filter((_u, k) => k < 2 || i % 3 === 0).map(async (usage) => localRun(t, c, `local run ${usage.name} ${labelOf(s)}`, usage, s, (await hostileDir(s, i)) ?? join(base, `d${i}`, s))),
      ),
    );
    const ranMs = Date.now() - started - wroteMs;
    const injected = existsSync(marker) ? 1 : 0;
    console.log(`shell corpus: writing and grid runs ${wroteMs} ms, local pool runs ${ranMs} ms`);
    console.log(summary('shell corpus', t, `, ${c.written} jobs written, ${c.runs} runs, ${c.mismatches.length} wrong outputs, ${c.strayDirectives.length} stray directives, ${injected} injections`));
    expect(t.crashes).toEqual([]);
    expect(t.hangs).toEqual([]);
    expect(c.mismatches).toEqual([]);
    expect(c.strayDirectives).toEqual([]);
    expect(injected).toBe(0);
    expect(t.cases).toBeGreaterThanOrEqual(1000);
    expect(c.runs).toBeGreaterThan(300);
  });

  it('would see an injection: an unquoted $(…) in a command does create the marker', async () => {
    const canary = join(base, 'CANARY');
    const job = await submit(`printf '%s' $(touch ${canary})`, { qtype: 'local', filedir: join(base, 'jobs', 'canary') });
    await job.wait();
    expect(existsSync(canary)).toBe(true);
  });
});
