/**
 * Run a built binary on a real pseudo-terminal through util-linux `script`: what the terminal
 * showed comes back on script's stdout, and bytes written to script's stdin are typed on the
 * terminal (`\x03` is Ctrl-C: the terminal sends SIGINT to the foreground process group).
 *
 * `script -c` runs the line through `$SHELL -c` (`/bin/sh` when SHELL is unset, as under CI).
 * dash does not exec a lone command, so it would sit in the foreground process group, die of the
 * SIGINT meant for the program and make `script -e` report 130 whatever the program did: the line
 * starts with `exec`, so the program is the only process on the terminal, under any shell.
 */
import { spawn } from 'node:child_process';
import { shellJoin } from '../../src/util/shell-quote.js';
import { builtBin } from './bin.js';

/** A binary running on a pty. */
export interface PtyRun {
  /** Everything the terminal showed so far. */
  screen(): string;
  /** Type on the terminal. */
  type(text: string): void;
  /** The program's exit code (script -e passes it through). */
  closed: Promise<number>;
}

/** Start `node dist/cli/<bin>.js ...args` on a pty in `cwd`. */
export function startOnPty(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; bin?: 'main' | 'clean-job-files' } = {}): PtyRun {
  const child = spawn('script', ['-qefc', ptyLine([process.execPath, builtBin(opts.bin ?? 'main'), ...args]), '/dev/null'], { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'inherit'] });
  let screen = '';
  child.stdout.on('data', (d: Buffer) => (screen += String(d)));
  const closed = new Promise<number>((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1))));
  return { screen: () => screen, type: (text) => child.stdin.write(text), closed };
}

/** The `script -c` line that runs `argv` as the terminal's only process (see the file's note). */
export function ptyLine(argv: string[]): string {
  return `exec ${shellJoin(argv)}`;
}

/** Run on a pty to the end; resolves with the exit code and what the terminal showed. */
export async function onPty(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; bin?: 'main' | 'clean-job-files' } = {}): Promise<{ code: number; screen: string }> {
  const run = startOnPty(args, opts);
  const code = await run.closed;
  return { code, screen: run.screen() };
}

/** Resolves once `text()` matches (the test's own timeout bounds it). */
export async function printed(text: () => string, pattern: RegExp): Promise<void> {
  while (!pattern.test(text())) await new Promise((r) => setTimeout(r, 50));
}
