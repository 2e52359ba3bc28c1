/**
 * The job wrapper against a SIGTERM at any moment of its start, hammering the window around the
 * fork of the command's subshell: every run must end (no command left running), and every
 * status file with start= must get its end= with signal=15.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { makeJobFile } from '../../src/api/index.js';
import { parseStatusFile, stateFromStatus } from '../../src/core/status-file.js';
import { hammerSigterm, hammerSummary, hasStrace, leftRunning, startTraced } from '../helpers/signal-hammer.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

const config = useFileTempConfig('hpcq-wrapper-signal-');

it('ends every run and its status file, however early SIGTERM comes, and never leaves the command running', async () => {
  const dir = config.dir;
  const marker = `hpcq-signal-${process.pid}`;
  // A unique sleep length marks the command's processes in /proc.
  const script = await makeJobFile(`touch ran; sleep 30.${process.pid}; echo ${marker}`, { qtype: 'local', filedir: dir, dir, name: 'early' });
  const r = await hammerSigterm({ script, dir, status: `${script}.status`, ranFile: join(dir, 'ran'), mark: `30.${process.pid}` });
  process.stdout.write(hammerSummary('wrapper-signal', r));
  expect(r.problems).toEqual([]);
  // The spread covered both sides of the command's start.
  expect(r.tally.noStatus + r.tally.beforeCommand).toBeGreaterThan(0);
  expect(r.tally.duringCommand).toBeGreaterThan(0);
}, 300_000);

it.skipIf(!hasStrace())('passes on a SIGTERM that lands inside the fork of the command (fork held open by strace)', async () => {
  const dir = config.dir;
  const sleepMark = `31.${process.pid}`;
  const script = await makeJobFile(`sleep ${sleepMark}`, { qtype: 'local', filedir: dir, dir, name: 'forking' });
  const statusPath = `${script}.status`;
  const forks = 'clone,clone3,fork,vfork';
  const problems: string[] = [];
  for (const afterMs of [10, 40, 70, 100, 130]) {
    rmSync(statusPath, { force: true });
    // Every fork of the wrapper returns 200 ms late: after the status file's pid= line, the next
    // fork is the command's, so a signal sent then arrives between the fork and `$!`.
    const { pid, exited } = await startTraced(['-o', '/dev/null', '-e', `trace=${forks}`, '-e', `inject=${forks}:delay_exit=200000`], script, dir);
    await new Promise((r) => setTimeout(r, afterMs));
    process.kill(pid, 'SIGTERM');
    const code = await exited;
    const s = parseStatusFile(readFileSync(statusPath, 'utf8'));
    if (code !== 143 || !s.finished || s.signal !== 15) problems.push(`${afterMs} ms: exit ${code}, status ${JSON.stringify(s)}`);
    const left = await leftRunning(sleepMark);
    if (left.length > 0) problems.push(`${afterMs} ms: command left running (${left.join(' ')})`);
  }
  expect(problems).toEqual([]);
}, 120_000);

it.skipIf(!hasStrace())('passes on a SIGTERM that reaches the command while its shell resets the traps it inherited (every sigaction held by strace)', async () => {
  const dir = config.dir;
  const sleepMark = `3.${process.pid}`;
  const ranFile = join(dir, 'ran-reset');
  const script = await makeJobFile(`touch ran-reset; sleep ${sleepMark}`, { qtype: 'local', filedir: dir, dir, name: 'resetting' });
  const statusPath = `${script}.status`;
  const problems: string[] = [];
  let before = 0;
  let during = 0;
  // Each sigaction of every process returns 15 ms late, so the command's shell spends ~100 ms
  // resetting the wrapper's traps to its own (and its command starts ~470 ms after pid=); a signal
  // passed on during that reset was dropped by bash and the command ran to its end (wrapper exit
  // 0). The offsets cover the reset and the command's start.
  for (let afterMs = 0; afterMs <= 640; afterMs += 40) {
    rmSync(statusPath, { force: true });
    rmSync(ranFile, { force: true });
    const { pid, exited } = await startTraced(['-f', '-o', '/dev/null', '-e', 'trace=rt_sigaction', '-e', 'inject=rt_sigaction:delay_exit=15000'], script, dir);
    await new Promise((r) => setTimeout(r, afterMs));
    process.kill(pid, 'SIGTERM');
    const code = await exited;
    if (existsSync(ranFile)) during++;
    else before++;
    const s = parseStatusFile(readFileSync(statusPath, 'utf8'));
    if (code !== 143 || !s.finished || s.signal !== 15 || s.exitCode !== 143) problems.push(`${afterMs} ms: exit ${code}, status ${JSON.stringify(s)}`);
    const left = await leftRunning(sleepMark);
    if (left.length > 0) problems.push(`${afterMs} ms: command left running (${left.join(' ')})`);
  }
  expect(problems).toEqual([]);
  // Signals landed both before the command began and while it ran.
  expect(before).toBeGreaterThan(0);
  expect(during).toBeGreaterThan(0);
}, 180_000);

it.skipIf(!hasStrace())('ignores a signal that comes after its command ended: end= stays last and the job reads completed', async () => {
  const dir = config.dir;
  const script = await makeJobFile('true', { qtype: 'local', filedir: dir, dir, name: 'ended' });
  const statusPath = `${script}.status`;
  // Every open of the status file returns 300 ms late: once `exit=` is in it, the wrapper is in
  // the open that writes `end=`, and a signal sent then used to be recorded after end=.
  const { pid, exited } = await startTraced(['-f', '-o', '/dev/null', '-P', statusPath, '-e', 'trace=openat', '-e', 'inject=openat:delay_exit=300000'], script, dir);
  while (!/^exit=/m.test(readFileSync(statusPath, 'utf8'))) await new Promise((r) => setTimeout(r, 5));
  process.kill(pid, 'SIGTERM');
  expect(await exited).toBe(0);
  const text = readFileSync(statusPath, 'utf8');
  expect(text.trimEnd().split('\n').at(-1)).toMatch(/^end=\d+$/);
  const s = parseStatusFile(text);
  expect(s).toMatchObject({ finished: true, exitCode: 0, signal: null });
  expect(stateFromStatus(s)).toEqual({ state: 'completed' });
}, 60_000);
