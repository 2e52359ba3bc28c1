/**
 * The job wrapper against a SIGTERM at any moment of its start, hammering the window around the
 * fork of the command's subshell: every run must end (no command left running), and every
 * status file with start= must get its end= with signal=15.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { makeJobFile } from '../../src/api/index.js';
import { parseStatusFile } from '../../src/core/status-file.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

const config = useFileTempConfig('hpcq-wrapper-signal-');
/** Runs spread over the whole start-up, then runs packed around the command's fork. */
const COARSE = 60;
const FINE = 140;

/** Pids whose argv holds `marker`. */
function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker)) found.push(Number(pid));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** Busy-wait `us` microseconds: timers are too coarse to land inside the fork window. */
function spin(us: number): void {
  const end = process.hrtime.bigint() + BigInt(Math.round(us * 1000));
  while (process.hrtime.bigint() < end);
}

/** Run the wrapper once, SIGTERM its process group after `delayUs`; resolves with what it left. */
async function once(script: string, dir: string, delayUs: number): Promise<{ status?: string; ran: boolean; code: number | null }> {
  const child = spawn('bash', [script], { cwd: dir, detached: true, stdio: 'ignore' });
  const exited = new Promise<number | null>((r) => child.on('exit', (code, sig) => r(sig ? 128 + 15 : code)));
  spin(delayUs);
  process.kill(-child.pid!, 'SIGTERM');
  const code = await exited;
  const statusPath = `${script}.status`;
  const status = existsSync(statusPath) ? readFileSync(statusPath, 'utf8') : undefined;
  const ran = existsSync(join(dir, 'ran'));
  rmSync(statusPath, { force: true });
  rmSync(join(dir, 'ran'), { force: true });
  return { ...(status !== undefined ? { status } : {}), ran, code };
}

it('ends every run and its status file, however early SIGTERM comes, and never leaves the command running', async () => {
  const dir = config.dir;
  const marker = `hpcq-signal-${process.pid}`;
  // A unique sleep length marks the command's processes in /proc.
  const script = await makeJobFile(`touch ran; sleep 30.${process.pid}; echo ${marker}`, { qtype: 'local', filedir: dir, dir, name: 'early' });
  const sleepMark = `30.${process.pid}`;
  // How long the wrapper takes to start its command here and now: signals are spread over it.
  const t0 = process.hrtime.bigint();
  const probe = spawn('bash', [script], { cwd: dir, detached: true, stdio: 'ignore' });
  while (!existsSync(join(dir, 'ran'))) await new Promise((r) => setTimeout(r, 1));
  const startUs = Number(process.hrtime.bigint() - t0) / 1000;
  process.kill(-probe.pid!, 'SIGTERM');
  await new Promise((r) => probe.on('exit', r));
  rmSync(`${script}.status`, { force: true });
  rmSync(join(dir, 'ran'), { force: true });

  const tally = { noStatus: 0, beforeCommand: 0, duringCommand: 0 };
  const problems: string[] = [];
  let edgeUs = Infinity;
  const check = async (i: number, delayUs: number): Promise<void> => {
    const r = await once(script, dir, delayUs);
    const at = `run ${i} (${Math.round(delayUs)} us)`;
    if (r.status === undefined) tally.noStatus++;
    else if (r.ran) tally.duringCommand++;
    else tally.beforeCommand++;
    if (r.ran) edgeUs = Math.min(edgeUs, delayUs);
    if (r.status !== undefined) {
      const s = parseStatusFile(r.status);
      if (!s.finished || s.signal !== 15 || s.exitCode !== 143) problems.push(`${at}: status ${JSON.stringify(r.status)}`);
    }
    if (r.code !== 143) problems.push(`${at}: wrapper exit ${r.code}`);
    // The wrapper waits for its command, so nothing of it may outlive it (allow the kill to land).
    for (let t = 0; t < 50 && processesWith(sleepMark).length > 0; t++) await new Promise((res) => setTimeout(res, 20));
    const left = processesWith(sleepMark);
    if (left.length > 0) {
      problems.push(`${at}: command left running (${left.join(' ')})`);
      for (const pid of left) process.kill(pid, 'SIGKILL');
    }
  };
  for (let i = 0; i < COARSE; i++) await check(i, (startUs * 1.3 * i) / COARSE);
  // The fork of the command comes shortly before it first runs (the `touch ran`).
  const from = Math.max(0, (Number.isFinite(edgeUs) ? edgeUs : startUs) - 4000);
  for (let i = 0; i < FINE; i++) await check(COARSE + i, from + (4500 * i) / FINE);
  process.stdout.write(`wrapper-signal: ${COARSE + FINE} runs over ${Math.round(startUs)} us of start-up, ${FINE} of them within 4 ms before the command's first step: ${JSON.stringify(tally)}\n`);
  expect(problems).toEqual([]);
  // The spread covered both sides of the command's start.
  expect(tally.noStatus + tally.beforeCommand).toBeGreaterThan(0);
  expect(tally.duringCommand).toBeGreaterThan(0);
}, 300_000);

/** Whether strace can run here (it widens the fork window on demand; not every machine has it). */
function hasStrace(): boolean {
  try {
    execFileSync('strace', ['-o', '/dev/null', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

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
    const traced = spawn('strace', ['-o', '/dev/null', '-e', `trace=${forks}`, '-e', `inject=${forks}:delay_exit=200000`, 'bash', script], { cwd: dir, stdio: 'ignore' });
    const exited = new Promise<number | null>((r) => traced.on('exit', (code) => r(code)));
    let pid: number | undefined;
    while (pid === undefined) {
      await new Promise((r) => setTimeout(r, 2));
      const m = existsSync(statusPath) ? /^pid=(\d+)$/m.exec(readFileSync(statusPath, 'utf8')) : null;
      if (m) pid = Number(m[1]);
    }
    await new Promise((r) => setTimeout(r, afterMs));
    process.kill(pid, 'SIGTERM');
    const code = await exited;
    const s = parseStatusFile(readFileSync(statusPath, 'utf8'));
    if (code !== 143 || !s.finished || s.signal !== 15) problems.push(`${afterMs} ms: exit ${code}, status ${JSON.stringify(s)}`);
    for (let t = 0; t < 50 && processesWith(sleepMark).length > 0; t++) await new Promise((res) => setTimeout(res, 20));
    const left = processesWith(sleepMark);
    if (left.length > 0) {
      problems.push(`${afterMs} ms: command left running (${left.join(' ')})`);
      for (const p of left) process.kill(p, 'SIGKILL');
    }
  }
  expect(problems).toEqual([]);
}, 120_000);
