// The dependency guard of a guarded back-end, run by bash: a dependency that did not end as
// required ends the job (reason=dependency_never_satisfied, exit 1) before its command runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseStatusFile, recordFromStatus } from '../../src/core/status-file.js';
import { renderDependencyGuard, type DependencyGuard } from '../../src/job/dependency-guard.js';
import { renderWrapper } from '../../src/job/wrapper.js';
import { shellQuote } from '../../src/util/shell-quote.js';

const dir = mkdtempSync(join(tmpdir(), 'hpcq-guard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

function depStatus(name: string, exit: number): string {
  const path = join(dir, `${name}.status`);
  writeFileSync(path, `# hpcq job status\nstart=1\nexit=${exit}\nend=2\n`);
  return path;
}

/** Run the wrapper with the guard and a command that leaves a marker; returns the exit code and whether the command ran. */
function run(guard: DependencyGuard, name: string): { code: number | null; ran: boolean; status: string } {
  const status = join(dir, `${name}.own.status`);
  const marker = join(dir, `${name}.ran`);
  const script = renderWrapper({ status, command: `touch ${shellQuote(marker)}`, guard: renderDependencyGuard(guard) }).join('\n');
  const r = spawnSync('bash', ['-c', script]);
  return { code: r.status, ran: existsSync(marker), status: readFileSync(status, 'utf8') };
}

describe('dependency guard', () => {
  it('runs the command when every afterok dependency completed and every afternotok one did not', () => {
    const r = run({ afterok: [depStatus('ok1', 0)], afternotok: [depStatus('bad1', 2)] }, 'go');
    expect([r.code, r.ran]).toEqual([0, true]);
  });

  it('ends the job as cancelled / dependency_never_satisfied when afterok failed', () => {
    const r = run({ afterok: [depStatus('ok2', 0), depStatus('bad2', 3)], afternotok: [] }, 'stop');
    expect([r.code, r.ran]).toEqual([1, false]);
    expect(recordFromStatus('9', parseStatusFile(r.status))).toMatchObject({ state: 'cancelled', reason: 'dependency_never_satisfied' });
  });

  it('ends the job when afternotok completed, and when a guarded dependency itself never ran', () => {
    expect(run({ afterok: [], afternotok: [depStatus('ok3', 0)] }, 'notok').ran).toBe(false);
    const never = join(dir, 'never.status');
    writeFileSync(never, '# hpcq job status\nstart=1\nreason=dependency_never_satisfied\nend=2\n');
    expect(run({ afterok: [never], afternotok: [] }, 'chain').ran).toBe(false);
  });
});
