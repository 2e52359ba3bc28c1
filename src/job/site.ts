/**
 * Where a `Job` lives on disk: its spec (for a job made without a qtype, built once the host's
 * scheduler is detected), its host, and the files it wrote there. `Job` keeps the scheduler side
 * (id, live state, waits); this keeps writing, naming and cleaning the files.
 */
import { HpcqError } from '../errors.js';
import { peekScheduler, schedulerFor } from '../queue/index.js';
import { detectScheduler } from '../schedulers/detect.js';
import type { Scheduler } from '../schedulers/scheduler.js';
import type { JobRecord, Qtype } from '../types.js';
import type { Host } from '../util/host.js';
import { hostFor } from '../util/host-for.js';
import { createLogger } from '../util/log.js';
import { forgetJobs } from '../ledger/prune.js';
import { outputPaths, writtenPaths } from './files.js';
import { releaseName } from './naming.js';
import { removePresent } from './remove-files.js';
import { restem, type JobSpec } from './spec.js';
import { filesExist, writeJob } from './write.js';

const log = createLogger('job');

/** How to finish a Job made without a qtype: detect the host's scheduler, then build the spec. */
export type SpecBuilder = (qtype: Qtype) => JobSpec;

/** What a Job is made from: its name, and its qtype, id and host when known. */
export interface SiteInit {
  name: string;
  qtype?: Qtype;
  host?: Host;
  build?: { remote: unknown; spec: SpecBuilder };
}

/** A job's spec, host and written files. */
export class JobSite {
  #qtype: Qtype | undefined;
  #name: string;
  #spec: JobSpec | undefined;
  #build: SiteInit['build'];
  #host: Host | undefined;
  #written: string[] = [];

  constructor(spec: JobSpec | undefined, init: SiteInit) {
    this.#spec = spec;
    this.#name = init.name;
    this.#qtype = init.qtype;
    this.#host = init.host;
    this.#build = init.build;
  }

  /** The job's name as the scheduler shows it (the given name, else the unique file stem). */
  get name(): string {
    return this.#spec?.name ?? this.#name;
  }
  /** The spec; undefined for a job followed only by id, or one whose scheduler is not detected yet. */
  get spec(): JobSpec | undefined {
    return this.#spec;
  }
  /** The qtype, undefined until known (no error). */
  get knownQtype(): Qtype | undefined {
    return this.#qtype;
  }
  /** The host, undefined until first asked for. */
  get knownHost(): Host | undefined {
    return this.#host;
  }

  /** Where the job runs. A job made without a qtype knows it once written or submitted (detected on its host). */
  get qtype(): Qtype {
    if (this.#qtype === undefined) throw new HpcqError(`Job ${this.name}: its scheduler is detected when it is written or submitted; pass qtype to know it sooner`);
    return this.#qtype;
  }

  /** The spec, built now if the job was made without a qtype. */
  async ready(): Promise<JobSpec | undefined> {
    if (!this.#spec && this.#build) {
      const host = await this.host();
      const qtype = await detectScheduler(host);
      this.#spec = this.#build.spec(qtype);
      this.#qtype = qtype;
      this.#build = undefined;
    }
    return this.#spec;
  }

  async host(): Promise<Host> {
    this.#host ??= await hostFor(this.#spec ? this.#spec.options.remote : this.#build?.remote);
    return this.#host;
  }

  scheduler(host: Host): Scheduler {
    return schedulerFor(this.qtype, host);
  }

  /** The tracker's newest record of the job (synchronous, no scheduler call), once qtype and host are known. */
  latest(id: string): JobRecord | undefined {
    return this.#host && this.#qtype ? peekScheduler(this.#qtype, this.#host)?.latest(id) : undefined;
  }

  need(what: string): JobSpec {
    if (!this.#spec) throw new HpcqError(`Job ${this.name} was found by id only; it cannot ${what}`);
    return this.#spec;
  }

  /** Write the job's scripts (and function payloads); an external script must exist. */
  async write(opts: { overwrite?: boolean }): Promise<void> {
    await this.ready();
    let spec = this.need('be written');
    const host = await this.host();
    if (spec.external) {
      if (!(await host.stat(spec.files.submit))) throw new HpcqError(`Script ${spec.files.submit} does not exist`);
      return;
    }
    // Another process (or a remote directory) may hold the name: take the next free one.
    if (!opts.overwrite && (await filesExist(spec, host))) spec = this.#spec = await restem(spec, host);
    this.#written = await writeJob(spec, host);
    log.debug(`job ${this.name}: wrote ${this.#written.join(', ')} on ${host.name}`);
  }

  /** Ready to submit: the spec written (unless it was already), and whether this call wrote it. */
  async prepare(): Promise<{ spec: JobSpec; host: Host; wroteNow: boolean }> {
    await this.ready();
    const before = this.need('be submitted');
    const wroteNow = this.#written.length === 0 && !before.external;
    if (wroteNow || before.external) await this.write({});
    // write() may have moved the job to a free name.
    return { spec: this.need('be submitted'), host: await this.host(), wroteNow };
  }

  /** Remove what the last write wrote (a submission that failed leaves nothing behind). */
  async removeWritten(host: Host): Promise<void> {
    await Promise.allSettled(this.#written.map((p) => host.remove(p)));
    this.#written = [];
  }

  /** Delete the files the job wrote (and, with deleteOutputs, its outputs) and its ledger record. */
  async clean(spec: JobSpec, opts: { deleteOutputs?: boolean }): Promise<string[]> {
    if (spec.external) return [];
    const host = await this.host();
    const present = await removePresent(host, [...writtenPaths(spec.files), ...(opts.deleteOutputs ? outputPaths(spec.files) : [])]);
    // Ledger hook (src/ledger): the job's record goes with its files.
    await forgetJobs(host, spec.filedir, [spec.files.submit]);
    this.#written = [];
    if (opts.deleteOutputs) releaseName(spec.filedir, spec.stem, spec.suffix);
    return present;
  }
}
