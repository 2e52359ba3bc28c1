/** The full record of one squeue or sacct row, once the row has been checked (slurm-rows.ts). */
import type { JobRecord } from '../../types.js';
import { cellAt, type Row } from '../columns.js';
import { expandNodeList, parseCount, type NodeBudget } from '../job-id.js';
import { plainRecordConstructor } from '../plain-record.js';
import type { TimeReader } from '../time-reader.js';
import type { Head, Plan } from './slurm-rows.js';

/**
 * Fill the record of a checked row. Fields are set in one fixed order (every record has the
 * same key order), each by its own name and on `this` itself, so V8 sizes the object for them.
 */
function fillSlurmRecord(this: JobRecord, row: Row, plan: Plan, head: Head, budget: NodeBudget, time: TimeReader): void {
  const { split, status } = head;
  this.id = split.id;
  this.baseId = split.baseId;
  if (split.arrayIndex !== undefined) this.arrayIndex = split.arrayIndex;
  this.state = status.state;
  if (status.reason !== undefined) this.reason = status.reason;
  this.rawState = head.rawState;
  if ((status.state === 'pending' || status.state === 'held') && head.reasonCell !== undefined) this.pendingReason = head.reasonCell;
  this.exitCode = status.exitCode;
  this.signal = status.signal;
  const name = cellAt(row, plan.name);
  if (name !== undefined) this.name = name;
  const user = cellAt(row, plan.user);
  if (user !== undefined) this.user = user;
  const partition = cellAt(row, plan.partition);
  if (partition !== undefined) this.partition = partition;
  const nodeCell = cellAt(row, plan.nodeList) ?? (head.pendingWord ? undefined : cellAt(row, plan.nodeListReason));
  const nodes = expandNodeList(nodeCell, budget);
  if (nodes !== undefined) this.nodes = nodes;
  const nodeCount = parseCount(cellAt(row, plan.nodeCount));
  if (nodeCount !== undefined) this.nodeCount = nodeCount;
  const cpus = parseCount(cellAt(row, plan.cpus));
  if (cpus !== undefined) this.cpus = cpus;
  const submit = time(cellAt(row, plan.submit));
  if (submit !== undefined) this.submitTime = submit;
  const start = time(cellAt(row, plan.start));
  if (start !== undefined) this.startTime = start;
  const end = time(cellAt(row, plan.end));
  if (end !== undefined) this.endTime = end;
}

/** `new SlurmRecord(row, plan, head, budget, time)`: a plain JobRecord (see plain-record.ts for why a constructor). */
export const SlurmRecord = plainRecordConstructor(fillSlurmRecord);
