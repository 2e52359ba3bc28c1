/**
 * `createBatchScheduler(backend, host)`: the Scheduler of a batch back-end on one host. Every
 * command goes through one CommandRunner; state comes from one shared Poller; the back-end's
 * variant for the host (BatchBackend.specialize) is found once, before the first command.
 */
import { userInfo } from 'node:os';
import { basename, dirname, isAbsolute } from 'node:path';
import { CommandError } from '../errors.js';
import { isFinal } from '../core/states.js';
import type { BatchBackend } from '../schedulers/backend.js';
import { createCommandRunner, schedulerEnvPattern, type CommandRunner, type RunnerClock } from '../schedulers/command-runner.js';
import { createProbe } from '../schedulers/detect.js';
import { BACKENDS } from '../schedulers/registry.js';
import type { HistorySince, Scheduler, SchedulerSubmission } from '../schedulers/scheduler.js';
import type { JobRecord } from '../types.js';
import type { Host, RunResult } from '../util/host.js';
import { lookupStates } from './lookup.js';
import { matchRecord } from './merge.js';
import { Poller, type PollerOptions } from './poller.js';

/** A batch back-end's Scheduler, with its poller and runner (for tests and benchmarks). */
export interface BatchScheduler extends Scheduler {
  readonly backend: BatchBackend;
  readonly poller: Poller;
  readonly runner: CommandRunner;
  /** The back-end's variant for this host. */
  variant(): Promise<BatchBackend>;
}

/** The user whose jobs a host's listing shows: the SSH login, or this process's user. */
function userOf(host: Host): string | undefined {
  return host.remote ? /^([^@]+)@/.exec(host.name)?.[1] : userInfo().username;
}

/**
 * Where the submit command runs and the paths it is given. Slurm's qsub wrapper pastes its
 * arguments into a shell command line unquoted, so a path with a space breaks it and one with
 * `$(...)` runs on the submit host: for scripts hpcq wrote (they cd to `dir` themselves), a
 * back-end with `submitFromScriptDir` runs in their directory with the safe names hpcq chose.
 */
function placement(sub: SchedulerSubmission, fromScriptDir: boolean): { cwd: string; script: string; outfile?: string; errfile?: string } {
  const ours = fromScriptDir && sub.statusFile !== undefined;
  const cwd = ours ? dirname(sub.script) : sub.cwd;
  const path = (p: string): string => (ours && dirname(p) === cwd ? basename(p) : p);
  return { cwd, script: path(sub.script), ...(sub.outfile ? { outfile: path(sub.outfile) } : {}), ...(sub.errfile ? { errfile: path(sub.errfile) } : {}) };
}

/** The scheduler's own last word: its last non-empty line, prefix (`sbatch: error:`) removed. */
function lastWord(result: RunResult): string | undefined {
  const said = result.stderr.trim() ? result.stderr : result.stdout;
  const line = said.trim().split('\n').map((l) => l.trim()).filter(Boolean).pop();
  return line?.replace(/^\S+:\s+(error:\s+)?/i, '').slice(0, 300);
}

/** Why the scheduler refused, quoting it; names the dependency ids when that is what it complained about. */
function refusal(title: string, sub: SchedulerSubmission, result: RunResult): string {
  const ids = Object.values(sub.depends).flat();
  if (ids.length && /depend/i.test(`${result.stderr}${result.stdout}`)) {
    return `${title} refused job ${sub.name}: it does not accept the dependency ids ${ids.join(', ')} (unknown to the scheduler, or finished and forgotten)`;
  }
  const said = lastWord(result);
  return said ? `${title} refused job ${sub.name}: ${said}` : `${title} refused job ${sub.name}`;
}

/** Accounting rows from `argv` (a history command), through the command runner (retry, env stripping, errors as QueueError). */
async function readHistory(b: BatchBackend, runner: CommandRunner, argv: string[]): Promise<JobRecord[]> {
  const result = await runner.run(argv, { kind: 'queue', what: `Reading the ${b.title} job history failed` });
  return runner.parse(result, (t) => b.parseHistory!(t), { kind: 'queue', what: `Could not read the ${b.title} job history` });
}

/** The Scheduler of `backend` on `host` (see the file comment). */
export function createBatchScheduler(backend: BatchBackend, host: Host, opts: { poller?: PollerOptions; clock?: RunnerClock } = {}): BatchScheduler {
  const runner = createCommandRunner(backend, host, schedulerEnvPattern(BACKENDS), opts.clock);
  let found: Promise<BatchBackend> | undefined;
  let limit: Promise<number | undefined> | undefined;
  const variant = (): Promise<BatchBackend> => {
    found ??= backend.specialize ? backend.specialize(createProbe(backend, host)) : Promise.resolve(backend);
    found.catch(() => (found = undefined));
    return found;
  };
  const user = userOf(host);
  const poller = new Poller({ name: backend.name, title: backend.title, host, runner, user, backend: variant }, opts.poller);
  const noSuchJob = (r: RunResult): boolean => backend.messages.noSuchJob.test(r.stderr) || backend.messages.noSuchJob.test(r.stdout);
  return {
    qtype: backend.name,
    title: backend.title,
    host,
    backend,
    poller,
    runner,
    variant,
    layout: backend.layout,
    directives: backend.directives,
    dependencies: backend.dependencies,

    async submit(sub) {
      const b = await variant();
      const { cwd, ...paths } = placement(sub, b.submitFromScriptDir ?? false);
      const argv = b.submitCommand({ ...paths, cwd, depends: sub.depends });
      // A submit that may have reached the scheduler is never repeated: that could queue the job twice.
      const result = await runner.run(argv, { kind: 'submit', cwd, repeatable: false, what: (r) => refusal(b.title, sub, r) });
      return runner.parse(result, (t) => b.parseSubmitOutput(t), { kind: 'submit', what: `Could not read the job id of ${sub.name} from ${argv[0]}'s output` });
    },
    arrayLimit() {
      limit ??= (async () => {
        const b = await variant();
        if (!b.arrayLimitCommand || !b.parseArrayLimit) return undefined;
        const { result, ok } = await runner.attempt(b.arrayLimitCommand(), { timeoutMs: 30_000 });
        return ok ? b.parseArrayLimit(result.stdout) : undefined;
      })();
      return limit;
    },
    async arrayTaskIds(arrayId, count) {
      const { ids } = await variant();
      return Array.from({ length: count }, (_, t) => ids.task(arrayId, String((ids.first ?? 0) + t)));
    },
    track: (id, o = {}) => poller.track(id, o),
    latest: (id) => poller.latest(id),
    waitFor: (id, o) => poller.waitFor(id, o),
    status: async (ids) => lookupStates(await variant(), runner, ids),
    listJobs: (o = {}) => poller.list(o.user),
    waitForRoom: (max, o) => poller.waitForRoom(max, o),
    // Only a back-end with a history-since command offers it: Queue's `since` asks for this field.
    ...(backend.historySinceCommand && backend.parseHistory
      ? {
          history: (o: HistorySince) => readHistory(backend, runner, backend.historySinceCommand!(o)),
          ...(backend.historyCommand ? { historyOf: (ids: string[]) => readHistory(backend, runner, backend.historyCommand!(ids)) } : {}),
        }
      : {}),

    async cancel(ids) {
      if (ids.length === 0) return;
      const b = await variant();
      const { result, ok } = await runner.attempt(b.cancelCommand(ids), { accept: noSuchJob });
      if (ok) return;
      // Slurm's qdel wrapper fails silently for a job that already ended: ask the queue before blaming it.
      const live = await poller.list(user).then(
        (records) => ids.some((id) => {
          const rec = matchRecord(records, id, b.ids.split);
          return rec !== undefined && !isFinal(rec.state);
        }),
        () => true,
      );
      if (live) throw new CommandError(`Could not cancel ${ids.join(', ')}`, result);
    },

    async liveScripts() {
      const b = await variant();
      if (!b.scriptsCommand || !b.parseScripts || !user) return undefined;
      const argv = b.scriptsCommand(user);
      const { result, ok } = await runner.attempt(argv, { timeoutMs: 30_000 });
      if (!ok) {
        // Not installed here: nothing to report, the status files decide.
        if (result.exitCode === 127) return undefined;
        throw new CommandError(`Could not list the scripts of ${user}'s ${b.title} jobs`, result);
      }
      // A relative path cannot be placed in a directory: match its name, keeping too much rather than too little.
      return new Set(b.parseScripts(result.stdout).map((p) => (isAbsolute(p) ? p : basename(p))));
    },
  };
}
