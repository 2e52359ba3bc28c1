/** `await closeAllRemoteHosts()` settles, so a script goes on after it and exits 0 (issue: exit code 13). */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { testbedRemote } from '../behaviour/backends.js';
import { describeCluster } from '../helpers/cluster.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
// vite-node (shipped with vitest) runs the TypeScript child directly, with no build step.
const viteNode = join(root, 'node_modules', 'vite-node', 'vite-node.mjs');

function runChild(spec: object): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = spawn(process.execPath, [viteNode, join(here, 'fixtures', 'close-child.ts'), JSON.stringify(spec)], { cwd: root });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d) => (stdout += d));
  proc.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => proc.on('exit', (code) => resolve({ code, stdout, stderr })));
}

describeCluster('closeAllRemoteHosts at the end of a script', () => {
  it('settles: the code after it runs and the script exits 0', async () => {
    const r = await runChild({ ...testbedRemote()!, agent: false });
    expect(r.stdout, r.stderr).toBe('ran: remote\nafter close\n');
    expect(r.code, r.stderr).toBe(0);
  });
});
