/**
 * LocalRunner: hpcq's own scheduler for one machine, a `Scheduler` like any batch back-end (the
 * engine is LocalPool). A job's script runs as `bash <script>` with stdout/stderr going to the
 * job's files, so the files a job leaves are the same in every mode.
 */
import { LOCAL, LOCAL_LAYOUT, type Qtype } from '../schedulers/registry.js';
import type { Scheduler, SchedulerSubmission, StatusAnswer } from '../schedulers/scheduler.js';
import type { JobState, WaitOptions } from '../types.js';
import { HpcqError } from '../errors.js';
import { bounded } from '../util/bounded.js';
import type { Host } from '../util/host.js';
import { createLocalHost } from '../util/local-host.js';
import { LocalPool } from './local-pool.js';
import { SharedView } from './shared-view.js';
import type { LocalJobRecord, LocalRunnerOptions } from './types.js';

/** A LocalPool that is also the Scheduler of qtype 'local'. */
export class LocalRunner extends LocalPool implements Scheduler {
  readonly qtype: Qtype = LOCAL;
  readonly title = 'the local runner';
  readonly layout = LOCAL_LAYOUT;
  readonly directives = undefined;
  // The pool ends a dependent whose dependency cannot hold itself (dependency_never_satisfied).
  readonly dependencies = 'native' as const;
  #host: Host | undefined;
  readonly #shared: SharedView;

  constructor(opts: LocalRunnerOptions = {}) {
    super(opts);
    this.#shared = new SharedView(opts.spool, this);
  }

  /** This machine. */
  get host(): Host {
    this.#host ??= createLocalHost();
    return this.#host;
  }

  /** Queue a written job's script; returns the runner's id. */
  async submit(sub: SchedulerSubmission): Promise<string> {
    const r = sub.resources ?? {};
    const id = this.add(
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
    this.#shared.recordSubmitted(id, sub);
    return id;
  }

  /** Every job of the runner is followed already. */
  track(): void {}

  /** A job of this runner, or one of another process on this machine (the spool's view). */
  latest(id: string): LocalJobRecord | undefined {
    return this.state(id) ?? this.#shared.foreign(id);
  }

  waitFor(id: string, opts?: WaitOptions): Promise<LocalJobRecord> {
    if (this.state(id) === undefined && this.#shared.foreign(id)) return this.#shared.waitForeign(id, opts);
    return bounded(this.get(id), `local job ${id}`, opts);
  }

  /** States of `ids`: this runner's jobs, then other processes' on this machine. */
  async status(ids: string[]): Promise<StatusAnswer> {
    const states = new Map<string, JobState>();
    for (const id of ids) {
      const rec = this.latest(id);
      if (rec) states.set(id, rec.state);
    }
    const unknown = ids.filter((id) => !states.has(id));
    const stderr = unknown.length ? `no local job ${unknown.join(', ')} in this process, in another process of this machine, or ended in the filedir's ledger` : '';
    return { states, said: { command: [], exitCode: 0, stdout: '', stderr } };
  }

  /**
   * Cancel jobs of this runner, and pending or running ones of other processes on this machine
   * (their owner is asked, and ends them as its own cancel would). An id nobody runs is refused
   * before anything is cancelled; one that has ended already is not an error.
   */
  override async cancel(ids: string | string[]): Promise<void> {
    const list = Array.isArray(ids) ? ids : [ids];
    const theirs = list.filter((id) => this.state(id) === undefined);
    for (const id of theirs) if (!this.#shared.foreign(id, true)) throw new HpcqError(`No local job with id '${id}' in this process or another of this machine`);
    await Promise.all([super.cancel(list.filter((id) => !theirs.includes(id))), ...theirs.map((id) => this.#shared.cancelForeign(id))]);
  }

  /** Every job of this runner, then the pending and running jobs of other processes on this machine (there is one user). */
  async listJobs(): Promise<LocalJobRecord[]> {
    return [...this.list(), ...this.#shared.othersLive()];
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
