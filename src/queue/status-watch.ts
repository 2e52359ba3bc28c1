/**
 * Watches the wrapper's status files of live jobs with `stat` every 0.5 s: no scheduler
 * command, so checking often is free for the cluster. A file is read only when its size or
 * modification time changed.
 */
import { parseStatusFile, type JobStatus } from '../core/status-file.js';
import type { JobRecord } from '../types.js';
import type { Host } from '../util/host.js';
import { createLogger } from '../util/log.js';
import { recordFromStatus } from '../core/status-file.js';
import type { TrackedJob } from './resolve.js';

const log = createLogger('queue');
const INTERVAL_MS = 500;

/** What the watcher needs from its poller. */
export interface StatusWatchHooks {
  /** Jobs still live (the watcher skips those without a status file or already finished). */
  jobs(): TrackedJob[];
  /** Called once when a job's status file gains its `end=` line. */
  onFinished(job: TrackedJob): void;
  /** Whether someone waits: only then may the timer keep the process alive. */
  hasWaiters(): boolean;
}

/** The stat loop over status files of one poller. */
export class StatusWatch {
  private timer: NodeJS.Timeout | undefined;
  private active = false;
  private readonly seen = new Map<string, string>();

  constructor(
    private readonly host: Host,
    private readonly hooks: StatusWatchHooks,
  ) {}

  /** Start the loop if any live job has a status file. */
  start(): void {
    if (this.timer || !this.watched().length) return;
    this.active = true;
    this.timer = setTimeout(() => void this.tick(), INTERVAL_MS);
    this.refresh();
  }

  stop(): void {
    this.active = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Keep the process alive only while someone waits. */
  refresh(): void {
    if (this.hooks.hasWaiters()) this.timer?.ref();
    else this.timer?.unref();
  }

  /** Read and parse a job's status file now (undefined when it does not exist yet). */
  async read(job: TrackedJob): Promise<JobStatus | undefined> {
    if (!job.statusFile) return undefined;
    try {
      const text = await this.host.readFile(job.statusFile);
      if (text === undefined) return undefined;
      job.status = parseStatusFile(text);
      return job.status;
    } catch (err) {
      log.debug(`status file ${job.statusFile} not read: ${(err as Error).message}`);
      return undefined;
    }
  }

  /** The final record a finished status file gives, if any. */
  recordOf(job: TrackedJob): JobRecord | undefined {
    return job.status && recordFromStatus(job.id, job.status);
  }

  private watched(): TrackedJob[] {
    return this.hooks.jobs().filter((j) => j.statusFile && !j.status?.finished);
  }

  private async check(job: TrackedJob): Promise<void> {
    const stat = await this.host.stat(job.statusFile!).catch(() => undefined);
    if (!stat) return;
    const key = `${stat.size}:${stat.mtimeMs}`;
    if (this.seen.get(job.id) === key) return;
    this.seen.set(job.id, key);
    const status = await this.read(job);
    if (status?.finished) this.hooks.onFinished(job);
  }

  private async tick(): Promise<void> {
    const jobs = this.watched();
    await Promise.all(jobs.map((j) => this.check(j)));
    this.timer = undefined;
    if (this.active && !this.timer && this.watched().length) {
      this.timer = setTimeout(() => void this.tick(), INTERVAL_MS);
      this.refresh();
    }
  }
}
