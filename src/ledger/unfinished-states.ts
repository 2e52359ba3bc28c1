/**
 * The scheduler's view of a ledger's unfinished batch jobs, asked once for all of them: a rerun
 * of a crashed workflow decides on reuse job by job, and asking the scheduler once per job would
 * run one `squeue` per job (a thousand for a thousand-job workflow). The first decision that
 * needs the scheduler asks about every job of the same qtype in the same ledger whose latest
 * record has an id and whose status file has no end yet; the decisions made soon after it read
 * that one answer. An answer older than ANSWER_MS (10 s), or one that does not cover the job asked
 * about (recorded after it), is asked again. Each decision reads the job's status file itself
 * first, so a job that ended since the answer is judged by its end, not by the answer.
 */
import { schedulerFor } from '../queue/index.js';
import type { JobState, Qtype } from '../types.js';
import type { Host } from '../util/host.js';
import { Limiter } from '../util/limiter.js';
import type { LedgerRecord } from './record.js';
import { recordedStatus } from './settled.js';
import { listRecords } from './store.js';

/** How long one answer serves later decisions (a rerun decides on its jobs within seconds). */
const ANSWER_MS = 10_000;
/** Status files read at once while listing the unfinished jobs. */
const READS_AT_ONCE = 16;
/** Ids per scheduler command (one argument holds them all, and Linux caps one argument at 128 KiB). */
const IDS_PER_COMMAND = 500;

interface Answer {
  /** When the answer came (0 while it is still being asked). */
  at: number;
  ready: Promise<{ ids: Set<string>; states: Map<string, JobState> }>;
}

/** The latest answer per host, ledger and qtype (set before it is awaited, so decisions made together share it). */
const answers = new Map<string, Answer>();

/** Ids of the latest records of `qtype` in the ledger at `filedir` that have an id and no end in their status file. */
async function unfinishedIds(host: Host, filedir: string, qtype: Qtype): Promise<string[]> {
  const latest = new Map<string, LedgerRecord & { id: string }>();
  for (const r of await listRecords(host, filedir)) {
    if (r.qtype === qtype && r.phase === 'submitted' && r.id !== undefined) latest.set(r.key, r as LedgerRecord & { id: string });
  }
  const limiter = new Limiter(READS_AT_ONCE);
  const open = await Promise.all(
    [...latest.values()].map((r) => limiter.run(async () => ((await recordedStatus(host, r).catch(() => undefined))?.finished ? undefined : r.id))),
  );
  return open.filter((id): id is string => id !== undefined);
}

/** The scheduler's states of `ids` (QueueError when it cannot answer: unknown is not assumed). */
async function ask(host: Host, qtype: Qtype, ids: string[]): Promise<Map<string, JobState>> {
  const scheduler = schedulerFor(qtype, host);
  const states = new Map<string, JobState>();
  for (let i = 0; i < ids.length; i += IDS_PER_COMMAND) {
    for (const [id, state] of (await scheduler.status(ids.slice(i, i + IDS_PER_COMMAND))).states) states.set(id, state);
  }
  return states;
}

/** A new answer covering `record` and the ledger's other unfinished jobs; a failed one is not kept. */
function newAnswer(host: Host, place: string, record: LedgerRecord & { id: string }): Answer {
  const ready = (async () => {
    const listed = await unfinishedIds(host, record.filedir, record.qtype).catch(() => []);
    const ids = [...new Set([...listed, record.id])];
    return { ids: new Set(ids), states: await ask(host, record.qtype, ids) };
  })();
  const answer: Answer = { at: 0, ready };
  ready.then(
    () => (answer.at = Date.now()),
    () => answers.get(place) === answer && answers.delete(place),
  );
  // Answers of other ledgers that have expired are dropped as new ones come.
  for (const [key, old] of answers) if (old.at > 0 && Date.now() - old.at > ANSWER_MS) answers.delete(key);
  answers.set(place, answer);
  return answer;
}

/**
 * The scheduler's state of `record`'s job (undefined: the scheduler does not know it), shared as
 * the file comment says; QueueError when the scheduler cannot answer.
 */
export async function unfinishedState(host: Host, record: LedgerRecord & { id: string }): Promise<JobState | undefined> {
  const place = `${host.name}\0${record.filedir}\0${record.qtype}`;
  let answer = answers.get(place);
  if (!answer || (answer.at > 0 && Date.now() - answer.at > ANSWER_MS)) answer = newAnswer(host, place, record);
  let got = await answer.ready;
  if (!got.ids.has(record.id)) got = await newAnswer(host, place, record).ready;
  return got.states.get(record.id);
}
