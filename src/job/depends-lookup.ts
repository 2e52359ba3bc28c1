/**
 * A one-off look at dependency ids this process does not follow. Slurm accepts a dependency on
 * a job id it has never heard of (and then ignores it), so hpcq asks first: an id no source knows
 * is refused with a SubmitError quoting the scheduler's answer, before anything is submitted.
 */
import { SubmitError } from '../errors.js';
import { getBackend } from '../schedulers/index.js';
import type { JobRecord, JobState } from '../types.js';
import type { Host, RunResult } from '../util/host.js';
import { SCHEDULER_ENV } from './context.js';

function find(records: JobRecord[], id: string): JobRecord | undefined {
  return records.find((r) => r.id === id) ?? records.find((r) => r.baseId === id && r.arrayIndex === undefined);
}

async function ask(host: Host, argv: string[], parse: (text: string) => JobRecord[]): Promise<{ records: JobRecord[]; result: RunResult }> {
  const result = await host.run(argv, { stripEnv: SCHEDULER_ENV, timeoutMs: 60_000 });
  if (result.exitCode !== 0) return { records: [], result };
  try {
    return { records: parse(result.stdout), result };
  } catch {
    return { records: [], result };
  }
}

/** The states of `ids` as the scheduler reports them (live queue, then accounting); throws for ids nobody knows. */
export async function lookupDependencies(host: Host, qtype: 'slurm' | 'torque', ids: string[]): Promise<Map<string, JobState>> {
  const states = new Map<string, JobState>();
  if (ids.length === 0) return states;
  const backend = getBackend(qtype);
  const live = await ask(host, backend.queueCommand({ ids }), (t) => backend.parseQueue(t));
  // The answer worth quoting: the first command that said something on stderr.
  let said = live.result;
  for (const id of ids) {
    const rec = find(live.records, id);
    if (rec) states.set(id, rec.state);
  }
  let missing = ids.filter((id) => !states.has(id));
  if (missing.length && backend.historyCommand && backend.parseHistory) {
    const parseHistory = backend.parseHistory.bind(backend);
    const past = await ask(host, backend.historyCommand(missing), (t) => parseHistory(t));
    if (!said.stderr.trim()) said = past.result;
    for (const id of missing) {
      const rec = find(past.records, id);
      if (rec) states.set(id, rec.state);
    }
    missing = ids.filter((id) => !states.has(id));
  }
  if (missing.length) {
    const scheduler = qtype === 'slurm' ? 'Slurm' : 'Torque';
    throw new SubmitError(`Unknown dependency: ${scheduler} does not know job ${missing.join(', ')}; nothing was submitted`, {
      ...said,
      stderr: said.stderr.trim() ? said.stderr : `no job ${missing.join(', ')} in the output of ${said.command.join(' ')}`,
    });
  }
  return states;
}
