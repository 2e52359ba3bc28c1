/**
 * LocalRunner: hpcq's own scheduler for one machine, a `Scheduler` like any batch back-end (the
 * engine is LocalPool). A job's script runs as `bash <script>` with stdout/stderr going to the
 * job's files, so the files a job leaves are the same in every mode.
 */
import { LOCAL, LOCAL_LAYOUT, type Qtype } from '../schedulers/registry.js';
import type { Scheduler, SchedulerSubmission, StatusAnswer } from '../schedulers/scheduler.js';
import type { JobState, WaitOptions } from '../types.js';
import { bounded } from '../util/bounded.js';
import type { Host } from '../util/host.js';
import { createLocalHost } from '../util/local-host.js';
import { LocalPool } from './local-pool.js';
import type { LocalJobRecord } from './types.js';

/** A LocalPool that is also the Scheduler of qtype 'local'. */
export class LocalRunner extends LocalPool implements Scheduler {
  readonly qtype: Qtype = LOCAL;
  readonly title = 'the local runner';
  readonly layout = LOCAL_LAYOUT;
  readonly directives = undefined;
  // The pool ends a dependent whose dependency cannot hold itself (dependency_never_satisfied).
  readonly dependencies = 'native' as const;
  #host: Host | undefined;

  /** This machine. */
  get host(): Host {
    this.#host ??= createLocalHost();
    return this.#host;
  }

  /** Queue a written job's script; returns the runner's id. */
  async submit(sub: SchedulerSubmission): Promise<string> {
    const r = sub.resources ?? {};
    return this.add(
      { argv: ['bash', sub.script] },
      {
        name: sub.name,
        ...(r.cores !== undefined ? { cores: r.cores } : {}),
        ...(r.time !== undefined ? { time: r.time } : {}),
        depends: { afterok: sub.depends.afterok ?? [], afterany: sub.depends.afterany ?? [], afternotok: sub.depends.afternotok ?? [] },
        cwd: sub.cwd,
        // Read by the job's wrapper as HPCQ_CORES and HPCQ_SUBMIT_DIR (src/job/job-env.ts); the pool adds the id.
        env: { HPCQ_LOCAL_CORES: String(r.cores ?? 1), HPCQ_LOCAL_SUBMIT_DIR: process.cwd(), ...(r.env ?? {}) },
        ...(sub.outfile ? { stdout: sub.outfile } : {}),
        ...(sub.errfile ? { stderr: sub.errfile } : {}),
      },
    );
  }

  /** Every job of the runner is followed already. */
  track(): void {}

  latest(id: string): LocalJobRecord | undefined {
    return this.state(id);
  }

  waitFor(id: string, opts?: WaitOptions): Promise<LocalJobRecord> {
    return bounded(this.get(id), `local job ${id}`, opts);
  }

  /** States of this runner's jobs among `ids` (another process's local ids are unknown here). */
  async status(ids: string[]): Promise<StatusAnswer> {
    const states = new Map<string, JobState>();
    for (const id of ids) {
      const rec = this.state(id);
      if (rec) states.set(id, rec.state);
    }
    const unknown = ids.filter((id) => !states.has(id));
    const stderr = unknown.length ? `no local job ${unknown.join(', ')} in this process, nor an ended one in the filedir's ledger (a local job of another process can be depended on once it has ended)` : '';
    return { states, said: { command: [], exitCode: 0, stdout: '', stderr } };
  }

  /** Every job of this runner (there is one user). */
  async listJobs(): Promise<LocalJobRecord[]> {
    return this.list();
  }

  /** Resolve once fewer than `max` jobs are queued or running here. */
  async waitForRoom(max: number, opts: WaitOptions = {}): Promise<void> {
    const live = (): number => this.stats.queued + this.stats.running;
    if (live() < max) return;
    await bounded(
      new Promise<void>((resolve) => {
        const onEnd = (): void => {
          if (live() >= max) return;
          this.off('end', onEnd);
          resolve();
        };
        this.on('end', onEnd);
      }),
      'room in the local runner',
      opts,
    );
  }

  /** The scripts of jobs not final yet (cleanDir keeps their files). */
  async liveScripts(): Promise<Set<string>> {
    return new Set(this.liveArgv().flat());
  }
}
