/**
 * A one-off look at job ids this process does not follow (dependencies given by id): the live
 * listing first, then the history, each one command through the runner for all ids together.
 */
import type { BatchBackend } from '../schedulers/backend.js';
import type { CommandRunner } from '../schedulers/command-runner.js';
import type { StatusAnswer } from '../schedulers/scheduler.js';
import type { JobRecord } from '../types.js';
import type { RunResult } from '../util/host.js';
import { matchRecord } from './merge.js';

/** The same matching as the poller's: exact id, a task inside a pending range, or an array's roll-up of its tasks. */
function find(backend: BatchBackend, records: JobRecord[], id: string): JobRecord | undefined {
  return matchRecord(records, id, backend.ids.split);
}

/**
 * One command's records. The live listing must answer (transient failures retried, then a
 * QueueError): a listing that failed says nothing of the ids, and taking it for "unknown" would
 * refuse a good dependency or resubmit a job that still runs. The history is a second source:
 * when it fails, the ids it was asked about stay unknown.
 */
async function ask(backend: BatchBackend, runner: CommandRunner, argv: string[], parse: (text: string) => JobRecord[], mustAnswer: boolean): Promise<{ records: JobRecord[]; result: RunResult }> {
  const accept = (r: RunResult): boolean => backend.messages.noSuchJob.test(r.stderr) || (backend.emptyListing?.(r) ?? false);
  let result: RunResult;
  if (mustAnswer) {
    result = await runner.run(argv, { kind: 'queue', accept, what: `${argv[0]} failed while looking jobs up by id` });
  } else {
    const tried = await runner.attempt(argv, { accept });
    if (!tried.ok) return { records: [], result: tried.result };
    result = tried.result;
  }
  try {
    return { records: parse(result.stdout), result };
  } catch {
    return { records: [], result };
  }
}

/** The states of `ids` as the scheduler reports them; ids no source knows are absent from `states` (QueueError when the live listing cannot answer). */
export async function lookupStates(backend: BatchBackend, runner: CommandRunner, ids: string[]): Promise<StatusAnswer> {
  const states = new Map<string, JobRecord['state']>();
  const none = { command: [], exitCode: 0, stdout: '', stderr: '' };
  if (ids.length === 0) return { states, said: none };
  const live = await ask(backend, runner, backend.queueCommand({ ids }), (t) => backend.parseQueue(t), true);
  // The answer worth quoting: the first command that said something on stderr.
  let said = live.result;
  for (const id of ids) {
    const rec = find(backend, live.records, id);
    if (rec) states.set(id, rec.state);
  }
  const missing = ids.filter((id) => !states.has(id));
  if (missing.length && backend.historyCommand && backend.parseHistory) {
    const parseHistory = backend.parseHistory.bind(backend);
    const past = await ask(backend, runner, backend.historyCommand(missing), (t) => parseHistory(t), false);
    if (!said.stderr.trim()) said = past.result;
    for (const id of missing) {
      const rec = find(backend, past.records, id);
      if (rec) states.set(id, rec.state);
    }
  }
  return { states, said };
}
