import { execFileSync, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const child = join(here, 'fixtures', 'sigint-child.ts');
// vite-node (shipped with vitest) runs the TypeScript child directly, with no build step.
const viteNode = join(root, 'node_modules', 'vite-node', 'vite-node.mjs');

/** Live (not zombie) processes whose command line contains `marker`. */
function survivors(marker: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' });
  return out.split('\n').filter((l) => {
    const m = /^\s*\d+\s+\d+\s+(\S+)\s+(.*)$/.exec(l);
    return m !== null && !m[1]!.startsWith('Z') && /^(sleep|\/bin\/bash)/.test(m[2]!) && m[2]!.includes(marker);
  });
}

function liveMembers(pgid: number): number {
  const out = execFileSync('ps', ['-eo', 'pgid=,stat='], { encoding: 'utf8' });
  return out.split('\n').filter((l) => {
    const [g, stat] = l.trim().split(/\s+/);
    return Number(g) === pgid && !stat!.startsWith('Z');
  }).length;
}

/** Start the child, wait for its process groups, optionally signal it, and wait for it to end. */
async function runChild(mode: 'signal' | 'exit', signal?: NodeJS.Signals, env: Record<string, string> = {}) {
  const marker = `${Math.floor(Math.random() * 1e6) + 5000}.125`;
  const proc = spawn(process.execPath, [viteNode, child, marker, mode], { cwd: root, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  const groups = await new Promise<number[]>((resolve, reject) => {
    let buf = '';
    proc.stdout.on('data', (d) => {
      buf += d;
      const line = buf.split('\n')[0];
      if (buf.includes('\n')) resolve(JSON.parse(line!));
    });
    proc.on('exit', () => reject(new Error(`child ended early: ${stderr}`)));
    // A child that never sees its jobs running fails the test now, and is not left behind.
    setTimeout(() => {
      proc.kill('SIGINT');
      reject(new Error(`the child's jobs did not all start within 30 s: ${stderr}`));
    }, 30_000).unref();
  });
  expect(groups.length).toBe(5);
  for (const g of groups) expect(liveMembers(g)).toBeGreaterThan(0);
  // Both sleeps of job 1, job 2's, job 4's, the setsid grandchild, the set -m job's command.
  for (let i = 0; i < 100 && survivors(marker).length < 7; i++) await new Promise((r) => setTimeout(r, 10));
  expect(survivors(marker).length).toBeGreaterThanOrEqual(7);
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, sig) => resolve({ code, signal: sig })),
  );
  if (signal) proc.kill(signal);
  // Mode 'exit': the child calls process.exit() only now, after the jobs were seen running.
  else proc.stdin.write('go\n');
  const result = await ended;
  return { result, groups, marker, stderr };
}

/** Poll until no survivor remains (signals are delivered asynchronously), then report them. */
async function settled(marker: string, groups: number[]): Promise<string[]> {
  for (let i = 0; i < 50; i++) {
    if (survivors(marker).length === 0 && groups.every((g) => liveMembers(g) === 0)) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const left = [...survivors(marker), ...groups.filter((g) => liveMembers(g) > 0).map((g) => `group ${g}`)];
  // Reported, then ended: a failing run must not leave sleeps behind for the next one.
  for (const line of survivors(marker)) process.kill(Number(line.trim().split(/\s+/)[0]), 'SIGKILL');
  return left;
}

describe('LocalRunner and the parent process ending', () => {
  it('Ctrl-C (SIGINT) of the parent cancels running jobs and orphans nothing', async () => {
    const { result, groups, marker, stderr } = await runChild('signal', 'SIGINT');
    // The signal is raised again after cleanup, so the parent still dies of SIGINT.
    expect(result.signal).toBe('SIGINT');
    expect(stderr).toMatch(/SIGINT: ending 5 running job/);
    expect(await settled(marker, groups)).toEqual([]);
  });

  it('SIGTERM of the parent does the same', async () => {
    const { result, groups, marker } = await runChild('signal', 'SIGTERM');
    expect(result.signal).toBe('SIGTERM');
    expect(await settled(marker, groups)).toEqual([]);
  });

  it('SIGKILL of the parent: the launcher ends the jobs when its parent is gone', async () => {
    const { result, groups, marker } = await runChild('signal', 'SIGKILL');
    expect(result.signal).toBe('SIGKILL');
    expect(await settled(marker, groups)).toEqual([]);
  });

  it('SIGKILL of the parent without the launcher: the watchdog ends the jobs', async () => {
    const { result, groups, marker } = await runChild('signal', 'SIGKILL', { HPCQ_LOCAL_LAUNCHER: 'spawn' });
    expect(result.signal).toBe('SIGKILL');
    expect(await settled(marker, groups)).toEqual([]);
  });

  it('process.exit() with jobs running kills their process groups', async () => {
    const { result, groups, marker } = await runChild('exit');
    expect(result.code).toBe(0);
    expect(await settled(marker, groups)).toEqual([]);
  });
});
