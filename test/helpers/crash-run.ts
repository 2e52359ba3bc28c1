/** Running the crash test's workflow script as a child process, and watching it from outside. */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Resolve after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A run of the workflow script as a child process in its own process group. */
export interface WorkflowRun {
  /** Resolves once the script exited and its output streams closed. */
  done: Promise<{ code: number | null; stdout: string }>;
  /** Resolves as soon as the script exited (a killed script's jobs may still hold its streams). */
  exited: Promise<void>;
  kill: (what: 'group' | 'process') => void;
}

/** Start the workflow script; `shims` (a directory) goes first on its PATH. */
export function start(script: string, shims?: string): WorkflowRun {
  const env = shims ? { ...process.env, PATH: `${shims}:${process.env.PATH}` } : process.env;
  const child = spawn(process.execPath, [script], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
  const exited = new Promise<void>((res) => child.on('exit', () => res()));
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c));
  child.stderr.on('data', (c: Buffer) => (stderr += c));
  const done = new Promise<{ code: number | null; stdout: string }>((res) => child.on('close', (code) => res({ code, stdout: stdout + (code ? stderr : '') })));
  // 'group': the script and a shim hanging inside sbatch (never Slurm's jobs, which slurmd runs);
  // 'process': the script alone, as `kill -9 PID` would.
  return { done, exited, kill: (what) => process.kill(what === 'group' ? -child.pid! : child.pid!, 'SIGKILL') };
}

/** Poll until `test` holds (every 20 ms), or throw after `ms`. */
export async function until(what: string, test: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await sleep(20);
  }
}

/** Records in a filedir's ledger, any phase, read straight from the directory. */
export const ledgerCount = (filedir: string): number => {
  const dir = join(filedir, '.hpcq', 'ledger');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('.')).length : 0;
};
