/**
 * parseScontrol: `scontrol show job` output, both the multi-line records separated by blank
 * lines and the one-line `-o` form. Values may contain spaces (`Reason=(ReqNodeNotAvail, ...)`),
 * so a value runs up to the next ` Key=`.
 */
import { ParseError } from '../../errors.js';
import type { JobRecord } from '../../types.js';
import { isJson, parseSlurmJson } from './slurm-json.js';
import { expandNodeList, nodeBudget, parseCount, parseTime, type NodeBudget } from '../job-id.js';
import { normalizeSlurmState } from './slurm-states.js';
import { assignDefined } from '../record-fields.js';

/** `Key=` at the start of the text or after whitespace; keys hold letters, digits and `_:/.()`. */
const KEY = /(?:^|\s)([A-Za-z][A-Za-z0-9_:/.()]*)=/g;

/** Split one record's text into its key=value pairs (first occurrence of a key wins). */
export function splitKeyValues(text: string): Map<string, string> {
  const found: Array<{ key: string; start: number; valueStart: number }> = [];
  KEY.lastIndex = 0;
  for (let m = KEY.exec(text); m; m = KEY.exec(text)) {
    found.push({ key: m[1]!, start: m.index, valueStart: m.index + m[0].length });
  }
  // `JobName=` comes before every state field and a user may name a job `x JobState=COMPLETED`:
  // what follows it up to `UserId=` (always its next field) is all name.
  const name = found.findIndex((f) => f.key === 'JobName');
  const user = found.findIndex((f, i) => i > name && f.key === 'UserId');
  if (name >= 0 && user > name + 1) found.splice(name + 1, user - name - 1);
  const values = new Map<string, string>();
  found.forEach((f, i) => {
    const end = i + 1 < found.length ? found[i + 1]!.start : text.length;
    if (!values.has(f.key)) values.set(f.key, text.slice(f.valueStart, end).trim());
  });
  return values;
}

/** `creisle(1365)` → `creisle`. */
function stripUid(value: string | undefined): string | undefined {
  return value?.replace(/\(\d+\)$/, '');
}

function nullish(value: string | undefined): string | undefined {
  return value === undefined || value === '' || value === '(null)' || value === 'None' ? undefined : value;
}

function toRecord(kv: Map<string, string>, text: string, budget: NodeBudget): JobRecord {
  const jobId = kv.get('JobId') ?? '';
  if (!/^\d+$/.test(jobId)) throw new ParseError(`Cannot read the job id "${jobId.slice(0, 40)}" in scontrol output`, text);
  const arrayJob = kv.get('ArrayJobId');
  const arrayTask = kv.get('ArrayTaskId');
  const hetJob = kv.get('HetJobId');
  const hetOffset = kv.get('HetJobOffset');
  const rawState = kv.get('JobState') ?? '';
  const pendingReason = nullish(kv.get('Reason'));
  const status = normalizeSlurmState(rawState, kv.get('ExitCode'), pendingReason);
  if (!status) throw new ParseError(`Unknown Slurm job state "${rawState}" in scontrol output`, text);
  let id = jobId;
  let baseId = jobId;
  const bad = [arrayJob, hetJob, hetOffset].find((v) => v !== undefined && !/^\d+$/.test(v)) ?? (arrayTask !== undefined && !/^\[?[\d,%:-]+\]?$/.test(arrayTask) ? arrayTask : undefined);
  if (bad !== undefined) throw new ParseError(`Cannot read the array or het job id "${bad.slice(0, 40)}" in scontrol output`, text);
  if (arrayJob !== undefined && arrayTask !== undefined) {
    id = `${arrayJob}_${arrayTask.replace(/^\[|\]$/g, '')}`;
    baseId = arrayJob;
  } else if (hetJob !== undefined && hetOffset !== undefined) {
    id = `${hetJob}+${hetOffset}`;
    baseId = hetJob;
  }
  const record: JobRecord = {
    id,
    baseId,
    state: status.state,
    rawState,
    exitCode: status.exitCode,
    signal: status.signal,
  };
  assignDefined(record, {
    arrayIndex: arrayTask?.replace(/^\[|\]$/g, ''),
    reason: status.reason,
    pendingReason: status.state === 'pending' || status.state === 'held' ? pendingReason : undefined,
    name: nullish(kv.get('JobName') ?? kv.get('Name')),
    user: stripUid(kv.get('UserId')),
    partition: nullish(kv.get('Partition')),
    nodes: expandNodeList(nullish(kv.get('NodeList')), budget),
    nodeCount: parseCount(kv.get('NumNodes')),
    cpus: parseCount(kv.get('NumCPUs')),
    submitTime: parseTime(kv.get('SubmitTime')),
    startTime: parseTime(kv.get('StartTime')),
    endTime: parseTime(kv.get('EndTime')),
  });
  return record;
}

/**
 * Parse `scontrol show job` (any number of records, multi-line or `-o`). "Invalid job id
 * specified" means no such job and gives []; text with no `JobId=` record throws ParseError.
 */
export function parseScontrol(text: string): JobRecord[] {
  if (isJson(text)) return parseSlurmJson(text);
  // `[ \t]*`, not `\s*`: \s also crosses newlines, so every line start of a long blank run
  // would rescan the rest of it.
  const chunks = text.split(/^(?=[ \t]*JobId=)/m).filter((c) => /^[ \t]*JobId=/.test(c));
  if (chunks.length === 0) {
    // No record at all: an empty answer, or the message for a job slurmctld has forgotten.
    if (text.trim() === '' || /Invalid job id specified/i.test(text)) return [];
    throw new ParseError('Cannot read scontrol output: no JobId= record', text);
  }
  const budget = nodeBudget(text);
  return chunks.map((chunk) => toRecord(splitKeyValues(chunk), text, budget));
}
