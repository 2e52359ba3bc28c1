/**
 * The Node side of the launcher (see launcher-script.ts): sends start requests, tracks each
 * job until its end report, reads captured output from the files the launcher wrote. When Perl
 * is missing or the launcher dies, hpcq falls back to spawning from Node (command.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, closeSync, constants as fsConstants, fstatSync, mkdtempSync, openSync, readSync, rmSync, unlinkSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { createLogger } from '../util/log.js';
import { killGroup } from './command.js';
import { newScope } from './job-tag.js';
import { LAUNCHER_SOURCE } from './launcher-script.js';
import type { LocalHandle, LocalOutcome } from './types.js';

const log = createLogger('local-runner');
const CAPTURE_LIMIT = 1 << 20;
const SIGNAL_NAMES = new Map(Object.entries(constants.signals).map(([name, n]) => [n, name]));

/** What a launch needs: the argv, an optional shell fallback, and where output goes. */
export interface LaunchSpec {
  argv: string[];
  /** Command to run with bash when argv[0] is not found (shell semantics for plain commands). */
  fallback?: string;
  cwd?: string;
  env?: Record<string, string>;
  /** Output files; undefined means captured. */
  stdout?: string;
  stderr?: string;
}

interface Entry {
  done: (o: LocalOutcome) => void;
  pid: number | undefined;
  /** A signal asked for before the launcher reported the pid. */
  pendingSignal: NodeJS.Signals | undefined;
  out: string;
  err: string;
}

const escape = (s: string): string => s.replace(/[%\t\n\r]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

/** Read the tail (at most CAPTURE_LIMIT bytes) of a captured file and remove it. */
function readCaptured(path: string, size: number): string {
  if (size <= 0) return '';
  const fd = openSync(path, 'r');
  try {
    const total = fstatSync(fd).size;
    const length = Math.min(total, CAPTURE_LIMIT);
    const buf = Buffer.alloc(length);
    readSync(fd, buf, 0, length, total - length);
    return buf.toString('utf8');
  } finally {
    closeSync(fd);
    unlinkSync(path);
  }
}

/** One launcher process per runner. */
export class Launcher {
  private readonly proc: ChildProcess;
  private readonly entries = new Map<string, Entry>();
  private readonly dir: string;
  /** Tag prefix of the jobs this launcher starts; it ends every process carrying it when its parent goes. */
  readonly scope = newScope();
  private buf = '';
  private alive = true;
  /** The environment the launcher inherited; later changes to process.env are sent per job. */
  private readonly baseEnv: Record<string, string | undefined> = { ...process.env };

  private constructor(perl: string) {
    this.dir = mkdtempSync(join(tmpdir(), 'hpcq-out-'));
    this.proc = spawn(perl, ['-e', LAUNCHER_SOURCE, this.dir, this.scope], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.proc.on('error', (e) => this.die(`launcher could not start: ${e.message}`));
    this.proc.on('exit', (code, sig) => this.die(`launcher ended (${sig ?? code})`));
    this.proc.stdout!.setEncoding('utf8');
    this.proc.stdout!.on('data', (chunk: string) => this.onData(chunk));
    this.proc.stdin!.on('error', () => undefined);
    this.setRef(false);
  }

  /** A launcher, or undefined when this system has no Perl (hpcq then spawns from Node). */
  static create(): Launcher | undefined {
    if (process.env.HPCQ_LOCAL_LAUNCHER === 'spawn') return undefined;
    // Found up front: a spawn error would only show after jobs were handed over.
    const perl = (process.env.PATH ?? '/usr/bin:/bin')
      .split(':')
      .map((dir) => join(dir || '.', 'perl'))
      .find((path) => {
        try {
          accessSync(path, fsConstants.X_OK);
          return true;
        } catch {
          return false;
        }
      });
    if (!perl) return undefined;
    try {
      return new Launcher(perl);
    } catch (err) {
      log.debug(`no launcher: ${(err as Error).message}`);
      return undefined;
    }
  }

  /** Whether the launcher still takes jobs. */
  get usable(): boolean {
    return this.alive;
  }

  /** Start a job; `done` is called once with its outcome. */
  launch(id: string, spec: LaunchSpec, done: (o: LocalOutcome) => void): LocalHandle {
    const out = spec.stdout ?? join(this.dir, `${id}.o`);
    const err = spec.stderr ?? join(this.dir, `${id}.e`);
    const caps = (spec.stdout === undefined ? 'o' : '') + (spec.stderr === undefined ? 'e' : '');
    const env = this.envChanges();
    if (spec.env) for (const [k, v] of Object.entries(spec.env)) env.push(`${k}=${v}`);
    const fields = [id, spec.cwd ?? '', out, err, caps, spec.fallback ?? '', String(env.length), ...env, ...spec.argv];
    const entry: Entry = { done, pid: undefined, pendingSignal: undefined, out, err };
    this.entries.set(id, entry);
    if (this.entries.size === 1) this.setRef(true);
    this.proc.stdin!.write(`${fields.map(escape).join('\t')}\n`);
    return {
      get pid() {
        return entry.pid;
      },
      kill: (signal) => {
        if (entry.pid) this.signal(entry, signal);
        else entry.pendingSignal = signal;
      },
    };
  }

  /**
   * Signal a job's group. Right after the fork the child may not have made its group yet:
   * try again shortly while the job is still ours, rather than lose the signal.
   */
  private signal(entry: Entry, signal: NodeJS.Signals, tries = 200): void {
    if (killGroup(entry.pid, signal) || tries === 0) return;
    setTimeout(() => {
      if ([...this.entries.values()].includes(entry)) this.signal(entry, signal, tries - 1);
    }, 1).unref();
  }

  /** Differences between process.env now and when the launcher started ("K" alone: removed). */
  private envChanges(): string[] {
    const changes: string[] = [];
    const env = process.env;
    for (const k in env) if (env[k] !== this.baseEnv[k]) changes.push(`${k}=${env[k]}`);
    for (const k in this.baseEnv) if (!(k in env)) changes.push(k);
    return changes;
  }

  /** Stop the launcher (it ends any job still running) and remove its capture directory. */
  stop(): void {
    this.proc.stdin!.end();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private onData(chunk: string): void {
    this.buf += chunk;
    let i: number;
    while ((i = this.buf.indexOf('\n')) >= 0) {
      const line = this.buf.slice(0, i);
      this.buf = this.buf.slice(i + 1);
      this.onLine(line);
    }
  }

  private onLine(line: string): void {
    const [kind, id, a, b, c] = line.split(' ');
    const entry = this.entries.get(id!);
    if (!entry) return;
    if (kind === 'S') {
      entry.pid = Number(a);
      if (entry.pendingSignal) this.signal(entry, entry.pendingSignal);
      return;
    }
    this.entries.delete(id!);
    if (this.entries.size === 0) this.setRef(false);
    if (kind === 'F') {
      entry.done({ exitCode: null, launchFailed: true, stderr: `hpcq: ${line.slice(line.indexOf(' ', 2) + 1)}\n` });
      return;
    }
    const status = Number(a);
    const sig = status & 0x7f;
    const outcome: LocalOutcome = sig ? { exitCode: null, signal: sig } : { exitCode: status >> 8, signal: null };
    if (sig) log.debug(`job ${id} ended by ${SIGNAL_NAMES.get(sig) ?? sig}`);
    if (Number(b) >= 0) outcome.stdout = readCaptured(entry.out, Number(b));
    if (Number(c) >= 0) outcome.stderr = readCaptured(entry.err, Number(c));
    entry.done(outcome);
  }

  /** Keep the event loop alive only while jobs run through the launcher. */
  private setRef(on: boolean): void {
    for (const s of [this.proc.stdout, this.proc.stdin] as Array<Socket | null>) {
      if (on) s?.ref();
      else s?.unref();
    }
    if (on) this.proc.ref();
    else this.proc.unref();
  }

  private die(why: string): void {
    if (!this.alive) return;
    this.alive = false;
    if (this.entries.size) log.warn(why);
    const entries = [...this.entries.values()];
    this.entries.clear();
    // Nobody will report these jobs' ends any more: end them rather than leave them unwatched.
    for (const e of entries) killGroup(e.pid, 'SIGKILL');
    for (const e of entries) e.done({ exitCode: null, launchFailed: true, stderr: `hpcq: ${why}\n` });
    rmSync(this.dir, { recursive: true, force: true });
  }
}
