/**
 * SIGTERM a generated job script's process group at every moment of its start-up, many times
 * over, and collect what went wrong: a status file with start= and no end= / signal=15, a wrapper
 * exit other than 143, or the command left running. The first runs are spread over the whole
 * start-up, the rest packed into the few milliseconds before the command's first step (the fork
 * of the command's subshell, where a lost signal hides).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { parseStatusFile } from '../../src/core/status-file.js';

/** What one hammering found. */
export interface HammerResult {
  /** Microseconds the script took here to reach its command's first step. */
  startUs: number;
  /** Runs signalled before the status file existed, before the command, and during it. */
  tally: { noStatus: number; beforeCommand: number; duringCommand: number };
  problems: string[];
}

/** How to run and judge one script: its command touches `ranFile` first, and `mark` is in its argv. */
export interface HammerTarget {
  script: string;
  dir: string;
  status: string;
  ranFile: string;
  mark: string;
  env?: NodeJS.ProcessEnv;
  coarse?: number;
  fine?: number;
}

/**
 * Whether strace can run here (not every laptop has it; the testbed script installs it). A
 * machine without it skips the strace tests with a loud reason; under CI=true (or
 * HPCQ_REQUIRE_CLUSTER=1) the probe's failure is an error, never a silent skip. The probe is
 * tried three times, so one strace that a loaded machine fails to start is not taken for none.
 */
export function hasStrace(): boolean {
  let why = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      execFileSync('strace', ['-o', '/dev/null', 'true'], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 });
      return true;
    } catch (err) {
      why = `${(err as Error).message}`.trim();
    }
  }
  if (process.env.CI === 'true' || process.env.HPCQ_REQUIRE_CLUSTER === '1') throw new Error(`strace is required here (CI=true) but does not run: ${why}`);
  console.warn(`SKIPPED: strace tests, because strace does not run here: ${why}`);
  return false;
}

/** Pids whose argv holds `marker`. */
export function processesWith(marker: string): number[] {
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

/**
 * The command processes (argv holding `marker`) still there once the wrapper is gone, allowing a
 * second for a kill to land; each one found is SIGKILLed so it cannot spoil the next run.
 */
export async function leftRunning(marker: string): Promise<number[]> {
  for (let n = 0; n < 50 && processesWith(marker).length > 0; n++) await pause(20);
  const left = processesWith(marker);
  for (const pid of left) process.kill(pid, 'SIGKILL');
  return left;
}

/** The wrapper's pid, read from its status file's pid= line once it is written. */
export async function wrapperPid(statusPath: string): Promise<number> {
  for (;;) {
    const m = existsSync(statusPath) ? /^pid=(\d+)$/m.exec(readFileSync(statusPath, 'utf8')) : null;
    if (m) return Number(m[1]);
    await pause(2);
  }
}

/**
 * `bash script` under strace with `straceArgs` (the tests that hold a step of the wrapper open);
 * resolves once the wrapper has written its pid to `<script>.status`, with its exit code to come.
 */
export async function startTraced(straceArgs: string[], script: string, dir: string): Promise<{ pid: number; exited: Promise<number | null> }> {
  const traced = spawn('strace', [...straceArgs, 'bash', script], { cwd: dir, stdio: 'ignore' });
  const exited = new Promise<number | null>((r) => traced.on('exit', (code) => r(code)));
  return { pid: await wrapperPid(`${script}.status`), exited };
}

/** Busy-wait `us` microseconds: timers are too coarse to land inside the fork window. */
function spin(us: number): void {
  const end = process.hrtime.bigint() + BigInt(Math.round(us * 1000));
  while (process.hrtime.bigint() < end);
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function start(t: HammerTarget) {
  return spawn('bash', [t.script], { cwd: t.dir, detached: true, stdio: 'ignore', ...(t.env ? { env: t.env } : {}) });
}

function reset(t: HammerTarget): void {
  rmSync(t.status, { force: true });
  rmSync(t.ranFile, { force: true });
}

/** Run the script once, SIGTERM its process group after `delayUs`; what it left. */
async function once(t: HammerTarget, delayUs: number): Promise<{ status?: string; ran: boolean; code: number | null }> {
  const child = start(t);
  const exited = new Promise<number | null>((r) => child.on('exit', (code, sig) => r(sig ? 128 + 15 : code)));
  spin(delayUs);
  process.kill(-child.pid!, 'SIGTERM');
  const code = await exited;
  const status = existsSync(t.status) ? readFileSync(t.status, 'utf8') : undefined;
  const ran = existsSync(t.ranFile);
  reset(t);
  return { ...(status !== undefined ? { status } : {}), ran, code };
}

/** How long the script takes here and now to reach its command (signals are spread over it). */
async function startUpUs(t: HammerTarget): Promise<number> {
  const t0 = process.hrtime.bigint();
  const probe = start(t);
  while (!existsSync(t.ranFile)) await pause(1);
  const us = Number(process.hrtime.bigint() - t0) / 1000;
  process.kill(-probe.pid!, 'SIGTERM');
  await new Promise((r) => probe.on('exit', r));
  reset(t);
  return us;
}

/** Hammer `t` (see the file comment). */
export async function hammerSigterm(t: HammerTarget): Promise<HammerResult> {
  const coarse = t.coarse ?? 60;
  const fine = t.fine ?? 140;
  const startUs = await startUpUs(t);
  const tally = { noStatus: 0, beforeCommand: 0, duringCommand: 0 };
  const problems: string[] = [];
  let edgeUs = Infinity;
  const check = async (i: number, delayUs: number): Promise<void> => {
    const r = await once(t, delayUs);
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
    // The wrapper waits for its command, so nothing of it may outlive it.
    const left = await leftRunning(t.mark);
    if (left.length > 0) problems.push(`${at}: command left running (${left.join(' ')})`);
  };
  for (let i = 0; i < coarse; i++) await check(i, (startUs * 1.3 * i) / coarse);
  // The fork of the command comes shortly before it first runs (the touch of ranFile).
  const from = Math.max(0, (Number.isFinite(edgeUs) ? edgeUs : startUs) - 4000);
  for (let i = 0; i < fine; i++) await check(coarse + i, from + (4500 * i) / fine);
  return { startUs, tally, problems };
}

/** The one-line summary a hammering test prints. */
export function hammerSummary(label: string, r: HammerResult): string {
  const runs = r.tally.noStatus + r.tally.beforeCommand + r.tally.duringCommand;
  return `${label}: ${runs} runs over ${Math.round(r.startUs)} us of start-up, most within 4 ms before the command's first step: ${JSON.stringify(r.tally)}\n`;
}
