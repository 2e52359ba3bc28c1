// `import 'hpcq'` must not load ssh2: only a job, queue or host with a `remote` does.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

/** Modules under node_modules/ssh2 that a fresh node process has loaded after running `code`. */
function ssh2Modules(code: string): number {
  const script = `
    import { createRequire } from 'node:module';
    const req = createRequire(import.meta.url);
    ${code}
    const loaded = Object.keys(req.cache).filter((k) => k.includes('/node_modules/ssh2/'));
    process.stdout.write(String(loaded.length));
  `;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' }));
}

describe('lazy SSH', () => {
  it("import 'hpcq' (dist/index.js) loads no module of ssh2", () => {
    expect(ssh2Modules(`await import(${JSON.stringify(join(root, 'dist', 'index.js'))});`)).toBe(0);
  });
  it('the check itself sees ssh2 once something loads it', () => {
    expect(ssh2Modules(`await import(${JSON.stringify(join(root, 'dist', 'index.js'))}); await import('ssh2');`)).toBeGreaterThan(0);
  });
});
