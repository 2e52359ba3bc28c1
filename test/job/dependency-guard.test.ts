// The dependency guard, run for real by bash inside the job wrapper, against dependencies'
// status files as hpcq's wrapper writes them.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { renderDependencyGuard, SETTLE_SECONDS, type DependencyGuard } from '../../src/job/dependency-guard.js';
import { renderWrapper } from '../../src/job/wrapper.js';

const run = promisify(execFile);
const root = mkdtempSync(join(tmpdir(), 'hpcq-guard-'));
afterAll(() => rmSync(root, { recursive: true, force: true, maxRetries: 5 }));
let n = 0;

/** A dependency's status file with these lines ('' writes no file at all). */
function dep(lines: string, name = `dep ${++n} "$(x)" '`): string {
  const path = join(root, `${name}.status`);
  if (lines !== '') writeFileSync(path, `start=1\nhost=h\n${lines}`);
  return path;
}
const ok = () => dep('exit=0\nend=2\n');
const failed = () => dep('exit=3\nend=2\n');

/** Runs a wrapped `touch ran` under the guard; says whether it ran and what the job recorded. */
async function guarded(guard: DependencyGuard) {
  const dir = mkdtempSync(join(root, 'job-'));
  const status = join(dir, 'job.status');
  const script = join(dir, 'job.sh');
  writeFileSync(script, ['#!/bin/bash', ...renderWrapper({ status, command: 'touch ran', dir, guard: renderDependencyGuard(guard) })].join('\n'));
  const t0 = Date.now();
  const r = await run('bash', [script]).catch((e: { code: number; stderr: string }) => ({ stderr: e.stderr, code: e.code }));
  const lines = readFileSync(status, 'utf8').trim().split('\n');
  return {
    ran: existsSync(join(dir, 'ran')),
    keys: lines.map((l) => l.split('=')[0]),
    reason: lines.find((l) => l.startsWith('reason='))?.slice(7),
    stderr: r.stderr,
    code: 'code' in r ? r.code : 0,
    seconds: (Date.now() - t0) / 1000,
  };
}

describe('dependency guard', () => {
  it('runs the command when every afterok dependency exited 0', async () => {
    const r = await guarded({ afterok: [ok(), ok()], afternotok: [] });
    expect(r).toMatchObject({ ran: true, reason: undefined, code: 0 });
    expect(r.keys.slice(-2)).toEqual(['exit', 'end']);
    expect(r.seconds).toBeLessThan(SETTLE_SECONDS);
  });

  it('ends the job without running it when an afterok dependency failed, saying which', async () => {
    const bad = failed();
    const r = await guarded({ afterok: [ok(), bad], afternotok: [] });
    expect(r).toMatchObject({ ran: false, reason: 'dependency_never_satisfied', code: 1 });
    // start=, then the guard's reason=, then the wrapper's exit= (the guard's 1) and end=.
    expect(r.keys.slice(1)).toEqual(['start', 'host', 'pid', 'reason', 'exit', 'end']);
    expect(r.stderr).toContain(`did not succeed: ${bad}`);
  });

  it('fails a chain on: a dependency the guard itself ended did not succeed', async () => {
    const r = await guarded({ afterok: [dep('reason=dependency_never_satisfied\nend=2\n')], afternotok: [] });
    expect(r).toMatchObject({ ran: false, reason: 'dependency_never_satisfied' });
  });

  it('treats a dependency that never wrote end= or no status file at all as failed, within one settle period', async () => {
    // Killed with SIGKILL (qdel, h_rt) after start=, and deleted before it started.
    const r = await guarded({ afterok: [dep('pid=1\n'), dep('')], afternotok: [] });
    expect(r).toMatchObject({ ran: false, reason: 'dependency_never_satisfied' });
    expect(r.seconds).toBeGreaterThanOrEqual(SETTLE_SECONDS - 1);
    // The first undecided dependency decides; the settle period is not paid per dependency.
    expect(r.seconds).toBeLessThan(SETTLE_SECONDS * 2);
  });

  it('waits for a status file that shows its end late (shared filesystems)', async () => {
    const late = dep('pid=1\n');
    const timer = setTimeout(() => writeFileSync(late, 'start=1\nexit=0\nend=2\n'), 1000);
    const r = await guarded({ afterok: [late], afternotok: [] });
    clearTimeout(timer);
    expect(r).toMatchObject({ ran: true, reason: undefined });
    expect(r.seconds).toBeGreaterThanOrEqual(0.9);
  });

  it('gives afternotok its meaning: runs after a failure, ends after a success', async () => {
    expect(await guarded({ afterok: [], afternotok: [failed()] })).toMatchObject({ ran: true });
    expect(await guarded({ afterok: [], afternotok: [dep('')] })).toMatchObject({ ran: true });
    const r = await guarded({ afterok: [ok()], afternotok: [ok()] });
    expect(r).toMatchObject({ ran: false, reason: 'dependency_never_satisfied' });
    expect(r.stderr).toMatch(/succeeded \(afternotok\)/);
  });
});
