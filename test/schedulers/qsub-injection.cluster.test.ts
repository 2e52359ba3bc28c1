/**
 * Values that reach Torque's qsub, on the testbed's slurm-wlm-torque commands: its qsub (a Perl
 * wrapper) pastes -o/-e/-W and the script path into a /bin/sh line. No hostile outfile, errfile,
 * name, dir or filedir may run anything on the submit host; a value qsub cannot carry is refused
 * with an OptionError naming the character, and a job whose values are safe still runs.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { HpcqError, OptionError } from '../../src/errors.js';
import { submit, submitFile } from '../../src/index.js';
import { describeCluster } from '../helpers/cluster.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

useFileTempConfig('hpcq-qsub-inject-');

describeCluster('torque qsub: values that would reach its shell', () => {
  let root = '';
  // Each test has its own marker, so one test's injection cannot fail another.
  let marker = '';
  let tests = 0;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'hpcq-qsub-'));
  });
  beforeEach(() => {
    marker = join(root, `MARK-${++tests}`);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true, maxRetries: 5 });
  });

  /** Fragments that run `touch MARK` if any shell evaluates them. */
  const hostile = (): Record<string, string> => ({
    'command substitution': `x$(touch ${marker})y`,
    backticks: `x\`touch ${marker}\`y`,
    quotes: `x'";touch ${marker};"'y`,
    spaces: `x y; touch ${marker}`,
    newline: `x\ntouch ${marker}\n`,
  });

  for (const option of ['outfile', 'errfile'] as const) {
    it(`refuses a hostile ${option} outside filedir with an OptionError, and runs nothing`, async () => {
      const filedir = join(root, `fd-${option}`);
      for (const [kind, fragment] of Object.entries(hostile())) {
        const err = await submit('echo hi', { qtype: 'torque', filedir, [option]: join(root, `${fragment}.log`) }).catch((e: unknown) => e);
        expect(err, kind).toBeInstanceOf(OptionError);
        expect((err as OptionError).issues[0]!.option, kind).toBe(option);
        // Options refuse newlines for every scheduler; qsub refuses what its shell would read.
        expect((err as Error).message, kind).toMatch(kind === 'newline' ? /must not contain a newline/ : /contains (a space|"[^"]+"), which qsub cannot pass on safely/);
      }
      expect(existsSync(marker)).toBe(false);
    });
  }

  it('refuses a hostile dependency id with a typed error', async () => {
    const err = await submit('echo hi', { qtype: 'torque', filedir: join(root, 'fd-dep'), depends: `1$(touch ${marker})` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HpcqError);
    expect(existsSync(marker)).toBe(false);
  });

  it('refuses a hand-written script whose path qsub would paste into its shell', async () => {
    const dir = join(root, `scripts$(touch ${marker})`);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'job.qsub'), '#!/bin/bash\necho hi\n');
    const err = await submitFile(join(dir, 'job.qsub'), { qtype: 'torque', dir: root }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OptionError);
    expect((err as OptionError).issues[0]!.option).toBe('script');
    expect(existsSync(marker)).toBe(false);
  });

  it('runs a job whose name, dir and filedir hold hostile text, without running the text', async () => {
    for (const [kind, fragment] of Object.entries(hostile())) {
      const dir = join(root, `dir-${fragment}`);
      await mkdir(dir, { recursive: true });
      const submitted = submit('pwd; echo hi', { qtype: 'torque', name: `n${fragment}`, dir, filedir: join(root, `files-${fragment}`) });
      if (kind === 'newline') {
        await expect(submitted, kind).rejects.toThrow(OptionError);
        continue;
      }
      const res = await (await submitted).get();
      expect(res.state, kind).toBe('completed');
      expect(res.stdout, kind).toBe(`${dir}\nhi\n`);
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('still submits an outfile and errfile outside filedir when their paths are plain words', async () => {
    const out = join(root, 'plain.out');
    const job = await submit('echo hi; echo oops >&2', { qtype: 'torque', filedir: join(root, 'fd-plain'), outfile: out, errfile: join(root, 'plain.err') });
    const res = await job.get();
    expect(res.state).toBe('completed');
    expect(res.stdout).toBe('hi\n');
    expect(res.stderr).toBe('oops\n');
    expect(job.files.out).toBe(out);
  });
});
