/**
 * Turning one squeue or sacct row (cells keyed by column name) into a JobRecord.
 * Shared by parseSqueue and parseSacct so both read the same column names the same way.
 */
import { ParseError } from '../../errors.js';
import type { JobRecord } from '../../types.js';
import { cellAt, contentLines, eachTableRow, positions, splitHeaderless, type Columns, type Row } from '../columns.js';
import { expandNodeList, isSlurmId, nodeBudget, parseCount, parseTime, splitSlurmId, type NodeBudget, type SplitId } from '../job-id.js';
import { normalizeSlurmState, slurmLongState } from './slurm-states.js';
import { putDefined } from '../record-fields.js';

/** Column names that can hold the job id (normalised). */
const ID_COLUMNS = ['jobid', 'stepid', 'jobidraw'];
const STATE_COLUMNS = ['state', 'jobstate', 'st', 'statecompact'];

/** Whether a header line names Slurm columns we can key rows by. */
export function isSlurmHeader(names: string[]): boolean {
  return names.some((n) => ID_COLUMNS.includes(n)) || names.some((n) => STATE_COLUMNS.includes(n));
}

/** Where a table's cells are for each field a record reads (positions, names in priority order). */
interface Plan {
  ids: number[];
  state: number[];
  exit: number[];
  reason: number[];
  nodeListReason: number[];
  nodeList: number[];
  name: number[];
  user: number[];
  partition: number[];
  nodeCount: number[];
  cpus: number[];
  submit: number[];
  start: number[];
  end: number[];
  /** `squeue -s`: a step listing, whose rows carry no state. */
  steps: boolean;
}

/** Every row of a table shares its Columns: the plan is made once per table, not per row. */
const PLANS = new WeakMap<Columns, Plan>();

function planOf(columns: Columns): Plan {
  let plan = PLANS.get(columns);
  if (plan) return plan;
  const at = (...names: string[]) => positions(columns, names);
  plan = {
    ids: at(...ID_COLUMNS),
    state: at(...STATE_COLUMNS),
    exit: at('exitcode'),
    reason: at('reason'),
    nodeListReason: at('nodelistreason'),
    nodeList: at('nodelist', 'exechost', 'batchhost'),
    name: at('name', 'jobname'),
    user: at('user', 'username'),
    partition: at('partition'),
    nodeCount: at('nodes', 'nnodes', 'numnodes', 'allocnodes'),
    cpus: at('cpus', 'alloccpus', 'ncpus', 'numcpus'),
    submit: at('submittime', 'submit'),
    start: at('starttime', 'start'),
    end: at('endtime', 'end'),
    steps: columns.has('stepid'),
  };
  PLANS.set(columns, plan);
  return plan;
}

/** The id cell: with duplicated JOBID columns (`%A` and `%i`), the one naming an array task or het part wins. */
function idCell(row: Row, ids: readonly number[]): string | undefined {
  let first: string | undefined;
  for (const i of ids) {
    const c = row.cells[i]?.trim();
    if (!c) continue;
    if (/[_+[]/.test(c)) return c;
    first ??= c;
  }
  return first;
}

/** The columns of a sniffed row (headerless output), in the cells sniffRow gives. */
const SNIFFED: Columns = new Map([
  ['state', [0]],
  ['jobid', [1]],
  ['exitcode', [2]],
  ['reason', [3]],
]);

/**
 * Read a headerless row: the first cell that is a job id, the first that is a full state
 * name (short codes only if none), the first `a:b` exit code and a `(reason)`.
 */
function sniffRow(cells: string[]): Row | undefined {
  const isLong = (c: string) => /^[A-Z_]{4,}(\+| by \d+)?$/.test(c) && slurmLongState(c) !== undefined;
  const reason = cells.find((c) => /^\(.*\)$/.test(c) && c !== '(null)');
  // squeue's %R puts a pending job's reason in parentheses (a running job shows its nodes).
  const state =
    cells.find(isLong) ?? cells.find((c) => /^[A-Z]{1,3}$/.test(c) && slurmLongState(c) !== undefined) ?? (reason ? 'PENDING' : undefined);
  if (state === undefined) return undefined;
  // An absent cell is '', which reads as no value.
  const sniffed = [state, cells.find(isSlurmId) ?? '', cells.find((c) => /^\d+:\d+$/.test(c)) ?? '', reason ?? ''];
  return { cells: sniffed, columns: SNIFFED };
}

/**
 * Each record of squeue/sacct output with a header (converted as its row is read), or sniffed
 * from headerless output (every line sniffed first, so an unreadable line is the error).
 */
export function eachSlurmRecord(text: string, what: string, visit: (parsed: SlurmRow) => void): void {
  const budget = nodeBudget(text);
  const read = (row: Row) => visit(slurmRowToRecord(row, text, what, budget));
  if (eachTableRow(text, isSlurmHeader, read)) return;
  const rows = contentLines(text).map((line) => {
    const row = sniffRow(splitHeaderless(line));
    if (!row) throw new ParseError(`Cannot read ${what} output: no header and no job state in a line`, text);
    return row;
  });
  rows.forEach(read);
}

/** A parsed row: its record plus the id split into job, array index and step. */
export interface SlurmRow {
  split: SplitId;
  record: JobRecord;
}

function pendingReasonOf(row: Row, plan: Plan, pending: boolean): string | undefined {
  const reason = cellAt(row, plan.reason) ?? (pending ? cellAt(row, plan.nodeListReason) : undefined);
  if (reason === undefined) return undefined;
  const bare = reason.replace(/^\((.*)\)$/, '$1').trim();
  return bare === '' || bare === 'None' || bare === '(null)' ? undefined : bare;
}

/** Convert one row; throws ParseError (with the whole text) for an unknown state word or a row without a job id. */
export function slurmRowToRecord(row: Row, text: string, what: string, budget: NodeBudget = nodeBudget(text)): SlurmRow {
  const plan = planOf(row.columns);
  const rawState = cellAt(row, plan.state) ?? '';
  const rawId = idCell(row, plan.ids) ?? '';
  // A row without a readable job id would be a job nobody can name (or one the parser made up
  // from a stray line): the output is not what it seems, so say so rather than guess.
  const split = splitSlurmId(rawId);
  if (!split) throw new ParseError(rawId === '' ? `A ${what} row without a job id` : `Cannot read the job id "${rawId}" in ${what} output`, text);
  if (/[\r\n]/.test(rawState)) throw new ParseError(`A ${what} state cell spans lines`, text);
  // `squeue -s` lists running steps with no state column at all.
  const stateWord = rawState === '' && plan.steps ? 'RUNNING' : rawState;
  const pendingWord = /^(PD|PENDING|REQUEUE|RH|SE)/i.test(stateWord);
  const reasonCell = pendingReasonOf(row, plan, pendingWord);
  const status = normalizeSlurmState(stateWord, cellAt(row, plan.exit), reasonCell);
  if (!status) throw new ParseError(`Unknown Slurm job state "${rawState}" in ${what} output`, text);
  const pendingReason = status.state === 'pending' || status.state === 'held' ? reasonCell : undefined;
  const nodeCell = cellAt(row, plan.nodeList) ?? (pendingWord ? undefined : cellAt(row, plan.nodeListReason));
  const record: JobRecord = {
    id: split.id,
    baseId: split.baseId,
    ...(split.arrayIndex !== undefined ? { arrayIndex: split.arrayIndex } : {}),
    state: status.state,
    ...(status.reason !== undefined ? { reason: status.reason } : {}),
    rawState,
    ...(pendingReason !== undefined ? { pendingReason } : {}),
    exitCode: status.exitCode,
    signal: status.signal,
  };
  putDefined(record, 'name', cellAt(row, plan.name));
  putDefined(record, 'user', cellAt(row, plan.user));
  putDefined(record, 'partition', cellAt(row, plan.partition));
  putDefined(record, 'nodes', expandNodeList(nodeCell, budget));
  putDefined(record, 'nodeCount', parseCount(cellAt(row, plan.nodeCount)));
  putDefined(record, 'cpus', parseCount(cellAt(row, plan.cpus)));
  putDefined(record, 'submitTime', parseTime(cellAt(row, plan.submit)));
  putDefined(record, 'startTime', parseTime(cellAt(row, plan.start)));
  putDefined(record, 'endTime', parseTime(cellAt(row, plan.end)));
  return { split, record };
}
