import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LocalRunner } from '../../src/local-runner/index.js';

let dir: string;
let runner: LocalRunner;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hpcq-lr-cmd-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true, maxRetries: 5 });
});
afterEach(async () => {
  await runner?.close();
});

/** Live (not zombie) processes whose command line starts with `prefix`, as [pid, pgid] pairs. */
function psMatching(prefix: string): Array<[number, number]> {
  const out = execFileSync('ps', ['-eo', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((l) => /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null && !m[3]!.startsWith('Z') && m[4]!.startsWith(prefix))
    .map((m) => [Number(m[1]), Number(m[2])]);
}

/** Live (not zombie) processes of a process group. */
function groupMembers(pgid: number): number {
  const out = execFileSync('ps', ['-eo', 'pgid=,stat='], { encoding: 'utf8' });
  return out.split('\n').filter((l) => {
    const [g, stat] = l.trim().split(/\s+/);
    return Number(g) === pgid && !stat!.startsWith('Z');
  }).length;
}

/** Poll until `check` holds or a generous deadline passes (signals are delivered asynchronously). */
async function eventually(check: () => boolean): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return check();
}

// Every behaviour holds both through the launcher (Perl fork server) and when spawning from Node.
describe.each(['launcher', 'spawn'])('LocalRunner commands (%s)', (mode) => {
  beforeAll(() => {
    if (mode === 'spawn') process.env.HPCQ_LOCAL_LAUNCHER = 'spawn';
  });
  afterAll(() => {
    delete process.env.HPCQ_LOCAL_LAUNCHER;
  });

  it('writes stdout and stderr to the given files, truncating them first', async () => {
    runner = new LocalRunner({ cores: 2 });
    const out = join(dir, 'a.out');
    const err = join(dir, 'a.err');
    await writeFile(out, 'old content that must disappear\n');
    const id = runner.add('echo hello; echo oops >&2; exit 3', { stdout: out, stderr: err });
    const rec = await runner.get(id);
    expect(rec.state).toBe('failed');
    expect(rec.reason).toBe('nonzero_exit');
    expect(rec.exitCode).toBe(3);
    expect(await readFile(out, 'utf8')).toBe('hello\n');
    expect(await readFile(err, 'utf8')).toBe('oops\n');
    expect(rec.stdout).toBeUndefined();
  });

  it('captures output in the record when no file is given, with cwd and env', async () => {
    runner = new LocalRunner({ cores: 2 });
    const id = runner.add('pwd; echo "$HPCQ_TEST_VAR"', { cwd: dir, env: { HPCQ_TEST_VAR: 'x y' } });
    const rec = await runner.get(id);
    expect(rec.state).toBe('completed');
    expect(rec.exitCode).toBe(0);
    expect(rec.stdout).toBe(`${dir}\nx y\n`);
  });

  it('runs plain commands directly and an argv without a shell', async () => {
    runner = new LocalRunner({ cores: 2 });
    const a = runner.add('printf %s plain');
    const b = runner.add({ argv: ['printf', '%s|%s', 'a b', '$HOME'] });
    const [ra, rb] = await runner.wait([a, b]);
    expect(ra!.stdout).toBe('plain');
    expect(rb!.stdout).toBe('a b|$HOME');
  });

  it('ends a missing command with exit code 127 and the shell message', async () => {
    runner = new LocalRunner({ cores: 2 });
    const a = runner.add('hpcq-no-such-command-xyz --flag');
    const b = runner.add({ argv: ['hpcq-no-such-command-xyz'] });
    const [ra, rb] = await runner.wait([a, b]);
    expect(ra!.state).toBe('failed');
    expect(ra!.exitCode).toBe(127);
    expect(ra!.stderr).toMatch(/hpcq-no-such-command-xyz: command not found/);
    expect(rb!.exitCode).toBe(127);
    expect(rb!.stderr).toMatch(/command not found/);
  });

  it('keeps shell builtins working on the direct path', async () => {
    runner = new LocalRunner({ cores: 2 });
    const rec = await runner.get(runner.add('exit 5'));
    expect(rec.exitCode).toBe(5);
  });

  it('reports a job killed by a signal as failed / signal', async () => {
    runner = new LocalRunner({ cores: 2 });
    const rec = await runner.get(runner.add('kill -9 $$'));
    expect(rec.state).toBe('failed');
    expect(rec.reason).toBe('signal');
    expect(rec.signal).toBe(9);
  });

  it('enforces the time limit on the whole process group', async () => {
    runner = new LocalRunner({ cores: 2, killGrace: 500 });
    const marker = `${Math.floor(Math.random() * 1e6) + 2000}.25`;
    const id = runner.add(`sleep ${marker} & sleep ${marker}; wait`, { time: 0.5 });
    const rec = await runner.get(id);
    expect(rec.state).toBe('failed');
    expect(rec.reason).toBe('timeout');
    expect(await eventually(() => psMatching(`sleep ${marker}`).length === 0)).toBe(true);
  });

  it('cancel kills the whole process tree', async () => {
    runner = new LocalRunner({ cores: 2 });
    const marker = `${Math.floor(Math.random() * 1e6) + 2000}.5`;
    const out = join(dir, 'tree.out');
    const id = runner.add(`sleep ${marker} & echo started; sleep ${marker}; wait`, { stdout: out });
    while (!(await readFile(out, 'utf8').catch(() => '')).includes('started')) await new Promise((r) => setTimeout(r, 20));
    // The second sleep is forked after the echo: wait until it has exec'd before counting.
    expect(await eventually(() => psMatching(`sleep ${marker}`).length === 2)).toBe(true);
    const lines = psMatching(`sleep ${marker}`);
    const pgid = lines[0]![1];
    expect(groupMembers(pgid)).toBe(3);
    await runner.cancel(id);
    const rec = runner.state(id)!;
    expect(rec.state).toBe('cancelled');
    expect(await eventually(() => groupMembers(pgid) === 0)).toBe(true);
    expect(psMatching(`sleep ${marker}`)).toEqual([]);
  });

  it('kills what a finished job left running in its group', async () => {
    runner = new LocalRunner({ cores: 2 });
    const marker = `${Math.floor(Math.random() * 1e6) + 2000}.75`;
    const rec = await runner.get(runner.add(`sleep ${marker} & exit 0`));
    expect(rec.state).toBe('completed');
    expect(await eventually(() => psMatching(`sleep ${marker}`).length === 0)).toBe(true);
  });

  it('ends a job whose output file cannot be opened as launch_failed', async () => {
    runner = new LocalRunner({ cores: 2 });
    const rec = await runner.get(runner.add('true', { stdout: join(dir, 'missing-dir', 'x.out') }));
    expect(rec.state).toBe('failed');
    expect(rec.reason).toBe('launch_failed');
  });

  it('refuses bad input at add()', () => {
    runner = new LocalRunner({ cores: 2 });
    expect(() => runner.add('')).toThrow(/empty command/);
    expect(() => runner.add({ argv: [] })).toThrow(/argv/);
    expect(() => runner.add('true', { cores: 0 })).toThrow(/cores/);
    expect(() => runner.add('true', { time: -1 })).toThrow(/time/);
  });
});

describe('LocalRunner command environment', () => {
  it('sees changes to process.env made after the runner started jobs', async () => {
    const keep = process.env.HPCQ_GONE_VAR;
    process.env.HPCQ_GONE_VAR = 'x';
    runner = new LocalRunner({ cores: 1 });
    await runner.get(runner.add('true'));
    process.env.HPCQ_LATE_VAR = 'late';
    delete process.env.HPCQ_GONE_VAR;
    try {
      const rec = await runner.get(runner.add('echo "$HPCQ_LATE_VAR:${HPCQ_GONE_VAR-unset}"'));
      expect(rec.stdout).toBe('late:unset\n');
    } finally {
      delete process.env.HPCQ_LATE_VAR;
      if (keep !== undefined) process.env.HPCQ_GONE_VAR = keep;
    }
  });
});
