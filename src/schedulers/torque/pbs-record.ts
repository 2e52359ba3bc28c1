/**
 * One Torque/PBS job's attributes (as `qstat -f`, `qstat -x` XML or PBS Pro JSON give them,
 * flattened to `Resource_List.nodes`-style keys) turned into a JobRecord.
 */
import { ParseError } from '../../errors.js';
import type { JobRecord } from '../../types.js';
import { parseCount, parseTime, splitPbsId } from '../job-id.js';
import { normalizePbsState } from './pbs-states.js';
import { assignDefined } from '../record-fields.js';

/** Attribute name → value, keys as the server prints them (`job_state`, `Resource_List.nodes`). */
export type PbsAttributes = Map<string, string>;

/** `exec_host = n1/0-3+n2/0` → [n1, n2]. */
function execHosts(value: string | undefined): string[] | undefined {
  if (!value) return undefined;
  const hosts = value.split('+').map((h) => h.split('/')[0]!.trim()).filter((h) => h !== '');
  return hosts.length ? [...new Set(hosts)] : undefined;
}

/** Torque keeps times as epoch seconds in XML and as `Fri Jun 23 06:35:59 2017` in `-f` text. */
function time(attrs: PbsAttributes, ...keys: string[]): Date | undefined {
  for (const key of keys) {
    const d = parseTime(attrs.get(key));
    if (d) return d;
  }
  return undefined;
}

/**
 * Convert one job's attributes. PBS Pro spells the exit status `Exit_status`, Torque
 * `exit_status`, which also tells which table of negative codes applies.
 */
export function pbsAttributesToRecord(id: string, attrs: PbsAttributes, text: string): JobRecord {
  const split = splitPbsId(id);
  if (!split) throw new ParseError(`Cannot read Torque/PBS job id "${id}"`, text);
  const letter = attrs.get('job_state') ?? '';
  const pbspro = attrs.has('Exit_status');
  const exit = attrs.get('exit_status') ?? attrs.get('Exit_status');
  const status = normalizePbsState(letter, exit, attrs.get('comment'), pbspro ? 'pbspro' : 'torque');
  if (!status) throw new ParseError(`Unknown Torque/PBS job state "${letter}" for job ${id}`, text);
  const record: JobRecord = {
    id: split.id,
    baseId: split.baseId,
    state: status.state,
    rawState: letter,
    exitCode: status.exitCode,
    signal: status.signal,
  };
  const owner = attrs.get('Job_Owner') ?? attrs.get('euser');
  assignDefined(record, {
    arrayIndex: split.arrayIndex ?? attrs.get('job_array_id'),
    reason: status.reason,
    pendingReason: status.state === 'held' || status.state === 'pending' ? attrs.get('comment') : undefined,
    name: attrs.get('Job_Name'),
    user: owner?.split('@')[0],
    partition: attrs.get('queue'),
    nodes: execHosts(attrs.get('exec_host')),
    nodeCount: parseCount(attrs.get('Resource_List.nodect')),
    cpus: parseCount(attrs.get('Resource_List.ncpus')),
    submitTime: time(attrs, 'ctime', 'qtime'),
    startTime: time(attrs, 'start_time', 'stime'),
    endTime: time(attrs, 'comp_time', 'obittime'),
  });
  return record;
}
