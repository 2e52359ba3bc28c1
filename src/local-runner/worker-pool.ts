/**
 * The worker threads that run function jobs: one piscina pool per runner, created on the
 * first function job. A cancel or time limit aborts the task, which ends its worker thread;
 * a worker that dies (process.exit, a crash) fails only its job, and piscina replaces it.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { FunctionPayload } from './function-task.js';
import type { LocalHandle, LocalOutcome } from './types.js';

/**
 * The worker module: a file of this package beside this module (src/ under a test runner,
 * dist/ once built), never one looked up in a shared directory where another user could plant it.
 */
const WORKER_FILE = fileURLToPath(new URL('./worker.cjs', import.meta.url));

interface WorkerReply {
  ok: boolean;
  value?: unknown;
  error?: { name: string; message: string; stack?: string };
}

/** The outcome of a rejected task that was not aborted by the runner. */
function rejectionOutcome(err: unknown): LocalOutcome {
  const message = err instanceof Error ? err.message : String(err);
  const exit = /worker exited with code:?\s*(-?\d+)/i.exec(message);
  if (exit) {
    // The thread ended before the function returned: a process would have ended the same way.
    const code = Number(exit[1]);
    return {
      exitCode: code === 0 ? 1 : code,
      error: {
        name: 'WorkerExitError',
        message: `the worker thread ended with code ${code} before the function returned (process.exit or a crash)`,
      },
    };
  }
  const name = err instanceof Error ? err.name : 'Error';
  const unsendable = /clone|could not be cloned/i.test(`${name} ${message}`) || !(err instanceof Error);
  return {
    exitCode: 1,
    error: {
      name: unsendable ? 'DataCloneError' : name,
      message: unsendable
        ? `the function's return value cannot be sent back from its worker thread (it must be structured-cloneable: no functions, class instances keep no class): ${message}`
        : message,
      ...(err instanceof Error && err.stack ? { stack: err.stack } : {}),
    },
  };
}

/** A lazily created pool of worker threads. */
export class WorkerPool {
  private pool: Piscina | undefined;

  constructor(private readonly threads: number) {}

  /** Run one function job; `done` is called once with its outcome unless it was aborted. */
  run(payload: FunctionPayload, done: (outcome: LocalOutcome) => void): LocalHandle {
    if (!this.pool) {
      this.pool = new Piscina({
        filename: WORKER_FILE,
        maxThreads: this.threads,
        // Threads start up front (no start-up lag per job), but no more than the machine runs at once.
        minThreads: Math.min(this.threads, availableParallelism()),
        idleTimeout: 30_000,
        maxQueue: Infinity,
      });
    }
    const abort = new AbortController();
    this.pool.run(payload, { signal: abort.signal }).then(
      (reply: WorkerReply) => {
        if (reply.ok) done({ exitCode: 0, result: reply.value });
        else done({ exitCode: 1, ...(reply.error ? { error: reply.error } : {}) });
      },
      (err: unknown) => {
        if (abort.signal.aborted) done({ exitCode: null, signal: null });
        else done(rejectionOutcome(err));
      },
    );
    return { kill: () => abort.abort() };
  }

  /** End every worker thread. */
  async destroy(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    if (pool) await pool.destroy();
  }
}
