/**
 * What a batch scheduler back-end is: pure data, argv builders and parsers over text. A back-end
 * never runs anything: the command runner (command-runner.ts) runs its argv on a Host, and
 * `createBatchScheduler(backend, host)` turns it into the `Scheduler` that Job, Queue, wait,
 * cancel and cleanDir talk to. Every back-end is one folder `src/schedulers/<name>/` listed once
 * in `BACKENDS` (registry.ts). How to add one: /work/wt/briefs/SEAM-INTERFACE.md.
 */
import type { CheckedOptions, OptionName } from '../options/types.js';
import type { JobRecord } from '../types.js';
import type { RunResult } from '../util/host.js';
import type { SplitId } from './job-id.js';

import type { DependencyIds } from '../core/dependencies.js';

export type { DependencyIds, DependencyKind } from '../core/dependencies.js';

/** One submission, as the back-end's submit argv needs it. */
export interface SubmitRequest {
  /** Path of the submission script (relative to `cwd` when hpcq wrote it beside its files). */
  script: string;
  /** Directory the submit command runs in and the scheduler starts the job in. */
  cwd: string;
  /** Ids to wait for. With `dependencies: 'guarded'`, guarded ones arrive as `afterany`. */
  depends: DependencyIds;
  /** Paths for stdout/stderr, passed on the command line (some qsubs ignore the directives). */
  outfile?: string;
  errfile?: string;
}

/**
 * Renders one option into directive bodies (the text after the prefix); [] writes nothing.
 * `options` is every normalised option, for renderers that combine several (`-l nodes=N:ppn=C`).
 */
export interface OptionRenderer<V = unknown> {
  /** The flag as optionHelp shows it (`--time`, `-l walltime=`). */
  readonly flag: string;
  /** `value` is undefined only with `always`. */
  render(value: V, options: CheckedOptions): readonly string[];
  /** Render even when the option is not set (a line combining several options, such as `-l nodes=`). */
  readonly always?: boolean;
  /**
   * Why this back-end cannot take `value` (Grid Engine: more than one node), or undefined when
   * it can. Checked with the options, so the OptionError comes before any file is written.
   */
  refuse?(value: V): string | undefined;
}

/** A renderer per option keyword; a keyword without one is unsupported by the back-end. */
export type OptionRenderers = { readonly [K in OptionName]?: OptionRenderer<NonNullable<CheckedOptions[K]>> };

/** How the back-end writes options into its job script. */
export interface DirectiveSyntax {
  /** `#SBATCH`, `#PBS`, `#$`: starts every directive line. */
  readonly prefix: string;
  /** The body naming the job (`--job-name=x`, `-N x`), quoted/sanitised for the scheduler. */
  jobName(name: string): string;
  /**
   * Directive options (table rows with `directive: true`) the back-end supports. Setting one
   * that has no renderer here is an OptionError naming the scheduler. Identical bodies are
   * written once, so several options may share one line. Options hpcq itself implements
   * (modules, env, setup, dir, outfile, ...) need no renderer; one given is written as well.
   */
  readonly options: OptionRenderers;
}

/** Where a job's wrapper goes. */
export interface ScriptLayout {
  /** Extension of the submission script after `<name>.<suffix>` ('.sbatch'; '' for local). */
  readonly submitExt: string;
  /**
   * When set, the wrapper and command go to a second script `<name>.<suffix><execExt>` that the
   * submission script `exec`s with bash (Slurm: '.script', so bash itself receives the signals).
   */
  readonly execExt?: string;
}

/**
 * What the scheduler tells a running job, each a bash word that expands to the value (empty when
 * unknown), e.g. `"${SLURM_JOB_ID:-}"`. The wrapper exports them as HPCQ_JOB_ID, ... .
 */
export interface JobEnvironment {
  readonly jobId: string;
  readonly arrayIndex: string;
  readonly nodes: string;
  readonly cores: string;
  readonly submitDir: string;
  /**
   * Prefixes of variables that a job of this scheduler has in its environment. They are removed
   * before any scheduler command runs, so a job submitted from inside a job does not inherit them.
   */
  readonly prefixes: readonly string[];
  /** Variables with those prefixes that configure the client rather than describe a job (SLURM_CONF): kept. */
  readonly keep?: readonly string[];
}

/** Messages of the scheduler's commands, matched against stderr (or a pending reason). */
export interface MessagePatterns {
  /** A failed command worth retrying: the controller or server was busy or unreachable. */
  readonly transient: readonly RegExp[];
  /**
   * A refusal no retry can change (invalid partition, bad account, a QOS limit). It wins over
   * `transient` when both match, so a refusal that also mentions a busy resource is not retried.
   */
  readonly permanent?: readonly RegExp[];
  /** A status or cancel command named ids the scheduler no longer knows: not a failure. */
  readonly noSuchJob: RegExp;
  /** A pending reason or comment meaning a dependency can never be satisfied. */
  readonly neverSatisfiable: RegExp;
  /** History (accounting) switched off or unreachable: skipped quietly for a while. */
  readonly noHistory?: RegExp;
}

/** Job id forms: arrays and steps. */
export interface ArrayIds {
  /** Split an id as this scheduler prints it (job, array index or range, step); undefined if it is none. */
  split(id: string): SplitId | undefined;
  /** The id of task `index` of array job `arrayId` (`123_4`, `123[4].server`). */
  task(arrayId: string, index: string): string;
  /**
   * The index the scheduler gives an array's first task (Grid Engine: 1); default 0. hpcq's own
   * indices (HPCQ_ARRAY_INDEX, `map` items) always start at 0: src/array/ shifts by this, once.
   */
  readonly first?: number;
}

/** What a back-end may ask of a host while detecting itself; every call goes through the command runner. */
export interface Probe {
  /** Whether `command` is there: in the back-end's configured command directory, else on PATH. */
  has(command: string): Promise<boolean>;
  /** Run a command (configured directory applied, short timeout). Never rejects: failures come back as results. */
  run(argv: string[]): Promise<RunResult>;
  /** An environment variable of the host (a login shell's on a remote host), or undefined. */
  env(name: string): Promise<string | undefined>;
}

/**
 * How afterok / afternotok that can no longer hold are enforced.
 * - 'native': the scheduler ends such a dependent itself (Slurm, `--kill-on-invalid-dep=yes`).
 * - 'guarded': it cannot (Grid Engine's -hold_jid releases after any end; Torque commands over
 *   Slurm leave the job pending forever). A dependency whose status file hpcq knows is then
 *   submitted as `afterany`, and the job's wrapper checks that status file when the job starts:
 *   when afterok / afternotok cannot hold, it records `reason=dependency_never_satisfied` and
 *   ends, and hpcq reports the job cancelled / dependency_never_satisfied (src/job/dependency-guard.ts).
 */
export type DependencyCapability = 'native' | 'guarded';

/** A batch scheduler. `N` is its registry name, which is also its `qtype`. */
export interface BatchBackend<N extends string = string> {
  /** Registry name and qtype ('slurm'): lower-case letters only; also the config key prefix (`slurm_bin`). */
  readonly name: N;
  /** For messages ('Slurm', 'Torque', 'Grid Engine'). */
  readonly title: string;
  /** Every command the back-end runs (argv[0] values), for the per-host command directory setting. */
  readonly commands: readonly string[];
  /** Whether the host offers this scheduler. Called in registry order; the first yes wins. */
  detect(probe: Probe): Promise<boolean>;
  /**
   * The variant of this back-end for one host, found once before its first command there
   * (Torque: a real server's `qstat -x` XML, or Slurm's qstat wrapper). Default: itself.
   */
  specialize?(probe: Probe): Promise<BatchBackend<N>>;

  readonly directives: DirectiveSyntax;
  readonly layout: ScriptLayout;
  readonly env: JobEnvironment;
  readonly messages: MessagePatterns;
  readonly ids: ArrayIds;
  readonly dependencies: DependencyCapability;

  /**
   * Run the submit command in the script's own directory and give it file names, not paths, for
   * scripts hpcq wrote (Slurm's qsub wrapper pastes its arguments into a shell line unquoted).
   */
  readonly submitFromScriptDir?: boolean;
  /** argv that submits a script. */
  submitCommand(req: SubmitRequest): string[];
  /** The job id in a successful submit's stdout; throws ParseError carrying the text. */
  parseSubmitOutput(text: string): string;
  /** argv that lists live (and recently ended) jobs, for a user and/or ids. */
  queueCommand(opts: { user?: string; ids?: string[] }): string[];
  parseQueue(text: string): JobRecord[];
  /** True when a failed listing still means "no jobs" (Torque: `qstat -f` exits 153, prints nothing). */
  emptyListing?(result: RunResult): boolean;
  /** argv that reads finished jobs (accounting, `qstat -x`, `qacct -j`), if the scheduler keeps them. */
  historyCommand?(ids: string[]): string[];
  parseHistory?(text: string): JobRecord[];
  /** argv that lists every job (of a user, or all users) started or ended since a local time `YYYY-MM-DDTHH:MM:SS`; parsed by parseHistory. */
  historySinceCommand?(opts: { user?: string; allUsers?: boolean; since: string }): string[];
  /** argv that describes one job in detail (last resort before the status file). */
  detailCommand?(id: string): string[];
  parseDetail?(text: string): JobRecord[];
  /** argv that shows the site's configuration, where the largest array is read (arrayLimit). */
  arrayLimitCommand?(): string[];
  /** The most tasks one array may have, from arrayLimitCommand's output; undefined when it does not say. */
  parseArrayLimit?(text: string): number | undefined;
  /** argv that prints the script a job was submitted with, if the scheduler keeps it (the ledger finds a job's key in it). */
  scriptCommand?(id: string): string[];
  /** argv that cancels jobs. */
  cancelCommand(ids: string[]): string[];
  /** argv listing the user's queued and running jobs with their script paths (cleanDir keeps their files). */
  scriptsCommand?(user: string): string[];
  /** The script paths in scriptsCommand's output. */
  parseScripts?(text: string): string[];
}
