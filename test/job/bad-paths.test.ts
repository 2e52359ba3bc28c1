/**
 * Paths hpcq cannot use fail with a typed error, never a hang or Node's TypeError: a filedir
 * under /proc (where mkdir -p with `recursive` never settles) and a NUL byte in any path option.
 */
import { describe, expect, it } from 'vitest';
import { makeJobFile, submit } from '../../src/api/index.js';
import { HpcqError, OptionError } from '../../src/errors.js';
import { runCli } from '../helpers/cli.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

useFileTempConfig('hpcq-bad-paths-');

/** What the promise settled with (its value or its rejection), or 'hung' when it has not settled within `ms`. */
async function outcome(p: Promise<unknown>, ms = 10_000): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise((resolve) => (timer = setTimeout(() => resolve('hung'), ms)));
  try {
    return await Promise.race([p.then((v) => v, (e: unknown) => e), hung]);
  } finally {
    clearTimeout(timer);
  }
}

describe('a filedir hpcq cannot create', () => {
  it.each(['/proc/hpcq-no-such-dir', '/proc/self/hpcq/jobs'])('rejects %s with an HpcqError naming it, at once', async (filedir) => {
    const err = await outcome(submit('echo hi', { qtype: 'local', filedir }));
    expect(err).toBeInstanceOf(HpcqError);
    expect((err as Error).message).toContain(filedir);
  });

  it('the CLI reports it and exits non-zero', async () => {
    const r = (await outcome(runCli('submit', '--qtype', 'local', '--filedir', '/proc/hpcq-cli', 'echo hi'))) as { code: number; err: string };
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/Could not write the files of job .* in \/proc\/hpcq-cli/);
  });
});

describe('a NUL byte in a path option', () => {
  it.each(['filedir', 'dir', 'outfile', 'errfile', 'nodePath'])('%s: OptionError naming the option', async (key) => {
    const err = await outcome(makeJobFile('echo hi', { qtype: 'local', [key]: '/tmp/a\0b' }));
    expect(err).toBeInstanceOf(OptionError);
    expect((err as OptionError).issues.map((i) => i.option)).toContain(key);
  });

  it('through the CLI: exit 2 and the option named, no TypeError', async () => {
    const r = await runCli('submit', '--qtype', 'local', '--filedir', '/tmp/a\0b', 'echo hi');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/filedir/);
    expect(r.err).not.toMatch(/TypeError|ERR_INVALID_ARG/);
  });
});
