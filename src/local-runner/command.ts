/**
 * Runs a command job as a child process in its own process group, so that a cancel, a time
 * limit or Ctrl-C can signal the whole tree it starts, and any process it leaves behind is
 * killed when it ends (as a cluster ends a job's processes).
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { constants } from 'node:os';
import { FILE_MODE } from '../util/atomic-write.js';
import type { JobExtras } from './job.js';
import type { LocalHandle, LocalOutcome } from './types.js';

/** Captured output keeps at most this many bytes (the tail, where errors are). */
const CAPTURE_LIMIT = 1 << 20;

/** Only these characters can appear in a command that needs no shell. */
const PLAIN = /^[A-Za-z0-9_\-./:,+@%= ]+$/;
/** Commands whose shell builtin differs from the program of the same name. */
const BUILTINS = new Set(['time', 'kill', 'printf', 'test', '[', 'pwd', 'type', 'command', 'exec', 'echo']);

/**
 * The argv to spawn directly for a command that means the same with or without a shell
 * (plain words, no quoting, expansion, redirection or assignments), else undefined.
 * Skipping bash halves the cost of tiny commands; a program that is not found falls back to
 * bash, so builtins and "command not found" (127) keep the shell's behaviour.
 */
export function directArgv(command: string): string[] | undefined {
  if (!PLAIN.test(command)) return undefined;
  const words = command.split(' ').filter((w) => w.length > 0);
  const first = words[0];
  if (!first || first.includes('=') || BUILTINS.has(first)) return undefined;
  return words;
}

/** Keeps the last CAPTURE_LIMIT bytes written to a stream; decoded once, at the end. */
class Capture {
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(child: ChildProcess, which: 'stdout' | 'stderr') {
    child[which]?.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.size += chunk.length;
      if (this.size > CAPTURE_LIMIT * 2) {
        const tail = Buffer.concat(this.chunks).subarray(-CAPTURE_LIMIT);
        this.chunks = [tail];
        this.size = tail.length;
      }
    });
  }

  text(): string {
    if (this.size === 0) return '';
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    return all.subarray(-CAPTURE_LIMIT).toString('utf8');
  }
}

/** Signal a process group, ignoring a group that is already gone; returns whether it existed. */
export function killGroup(pid: number | undefined, signal: NodeJS.Signals | number): boolean {
  if (!pid) return false;
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    // ESRCH: the group has ended, or (just after a fork) does not exist yet.
    return false;
  }
}

/** Open an output file for the job; one it creates is owner-only (it may hold secrets the job prints). */
function openOutput(path: string | undefined): number | 'pipe' {
  return path ? openSync(path, 'w', FILE_MODE) : 'pipe';
}

/**
 * Start a command. `done` is called exactly once with its outcome; stdout/stderr go to the
 * files in `extras` (truncated at start, like the cluster) or are captured.
 */
export function startCommand(
  task: string | { argv: string[] },
  extras: JobExtras | undefined,
  done: (outcome: LocalOutcome) => void,
): LocalHandle {
  const direct = typeof task === 'string' ? directArgv(task) : task.argv;
  const argv = direct ?? ['/bin/bash', '-c', task as string];
  const out = openOutput(extras?.stdout);
  let err: number | 'pipe';
  try {
    err = extras?.stderr === extras?.stdout && out !== 'pipe' ? out : openOutput(extras?.stderr);
  } catch (e) {
    if (out !== 'pipe') closeSync(out);
    throw e;
  }
  const stdio: StdioOptions = ['ignore', out, err];
  const env = extras?.env ? { ...process.env, ...extras.env } : process.env;
  let child: ChildProcess;
  try {
    child = spawn(argv[0]!, argv.slice(1), { cwd: extras?.cwd, env, stdio, detached: true });
  } finally {
    if (out !== 'pipe') closeSync(out);
    if (err !== 'pipe' && err !== out) closeSync(err);
  }
  const so = new Capture(child, 'stdout');
  const se = new Capture(child, 'stderr');
  let finished = false;
  const finish = (outcome: LocalOutcome): void => {
    if (finished) return;
    finished = true;
    if (out === 'pipe') outcome.stdout = so.text();
    if (err === 'pipe') outcome.stderr = (outcome.stderr ?? '') + se.text();
    done(outcome);
  };
  let inner: LocalHandle | undefined;
  child.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT' && direct && typeof task === 'string') {
      // Not a program on PATH: let bash decide (a builtin, or its own 127 message).
      finished = true;
      inner = startCommand({ argv: ['/bin/bash', '-c', task] }, extras, done);
      return;
    }
    const code = e.code === 'ENOENT' ? 127 : e.code === 'EACCES' ? 126 : null;
    const what = code === 127 ? 'command not found' : e.message;
    finish({ exitCode: code, launchFailed: code === null, stderr: `hpcq: ${argv[0]}: ${what}\n` });
  });
  child.on('exit', (code, signal) => {
    if (!child.pid) return;
    // The job is over: end whatever it left running in its group, as a cluster would.
    killGroup(child.pid, 'SIGKILL');
    const sig = signal ? (constants.signals[signal] ?? null) : null;
    const report = (): void => finish({ exitCode: signal ? null : code, signal: sig });
    if (out === 'pipe' || err === 'pipe') {
      // A process that left the group may hold the pipes open: do not wait for it for ever.
      const timer = setTimeout(report, 1000);
      child.once('close', () => {
        clearTimeout(timer);
        report();
      });
    } else report();
  });
  return {
    get pid() {
      return inner ? inner.pid : child.pid;
    },
    kill(signal) {
      if (inner) inner.kill(signal);
      else killGroup(child.pid, signal);
    },
  };
}
