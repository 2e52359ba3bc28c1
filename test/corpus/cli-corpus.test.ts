/**
 * Bad-input corpus, command-line part: hostile values (a NUL byte, newlines, `$(…)`, a huge
 * word) in the flags and arguments of `hpcq` run in-process. Each run ends with an exit code
 * and, on failure, one hpcq message: never a Node TypeError or a stack trace, never a hang,
 * and never a command run from the value (the marker file stays absent).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useFileTempConfig } from '../helpers/temp-config.js';
import { labelOf } from './hostile-strings.js';
import { createTally, runCase, summary } from './tally.js';

useFileTempConfig('hpcq-corpus-cli-');

let base: string;
const cwd = process.cwd();
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'hpcq-corpus-cli-'));
  // Relative values ('-', '$(touch …)' as --filedir) make directories where the CLI runs.
  process.chdir(base);
});
afterAll(async () => {
  process.chdir(cwd);
  await rm(base, { recursive: true, force: true, maxRetries: 5 });
});

const values = (marker: string): string[] => ['a\0b', 'a\nb', `$(touch ${marker})`, `\`touch ${marker}\``, `; touch ${marker}`, 'x'.repeat(5000), '-', '--', ' ', 'ünï😀'];

/** Every command line of the corpus for one hostile value. */
function commandLines(v: string, filedir: string): string[][] {
  const submit = (...flags: string[]): string[] => ['submit', '--qtype', 'local', '--filedir', filedir, ...flags, '--', 'printf', '%s', 'ok'];
  return [
    ['submit', '--qtype', 'local', '--filedir', v, '--', 'true'],
    submit('--name', v), submit('--dir', v), submit('--partition', v), submit('--suffix', v), submit('--cores', v), submit('--mem', v),
    submit('--time', v), submit('--env', `A=${v}`), submit('--depends', v), submit('--profile', v),
    ['submit', '--qtype', 'local', '--filedir', filedir, '--', 'printf', '%s', v],
    ['submit', '--qtype', v, '--', 'true'],
    ['profile', 'show', v], ['profile', 'set', 'corpus', `cores=${v}`], ['profile', 'set', v, 'cores=1'], ['profile', 'delete', v],
    ['clean', v, '--dry-run'], ['clean', filedir, '--suffix', v, '--dry-run'], ['options', '--qtype', v], ['options', '--format', v],
    ['queue', '--user', v, '--qtype', 'slurm'], [v],
  ];
}

describe('hostile command lines', () => {
  it('end with an exit code and an hpcq message: 0 crashes, 0 hangs, 0 injections', async () => {
    const t = createTally();
    const marker = join(base, 'INJECTED');
    const traces: string[] = [];
    for (const [i, v] of values(marker).entries()) {
      for (const argv of commandLines(v, join(base, `jobs${i}`))) {
        const label = `hpcq ${argv.slice(0, 2).join(' ')} ${labelOf(v)}`;
        const out = await runCase(t, label, () => runCli(...argv), 30_000);
        // main() prints err.stack for an error that is not hpcq's: that is a crash too.
        if (out && (/\n\s+at /.test(out.err) || /TypeError|RangeError/.test(out.err))) traces.push(`${label}: ${out.err.slice(0, 200)}`);
        if (out && typeof out.code !== 'number') traces.push(`${label}: exit code ${String(out.code)}`);
      }
    }
    const injected = existsSync(marker) ? 1 : 0;
    console.log(summary('cli corpus', t, `, ${traces.length} stack traces, ${injected} injections`));
    expect(t.crashes).toEqual([]);
    expect(t.hangs).toEqual([]);
    expect(traces).toEqual([]);
    expect(injected).toBe(0);
  });
});
