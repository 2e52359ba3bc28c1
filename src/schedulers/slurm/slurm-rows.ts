/**
 * Turning one squeue or sacct row (cells keyed by column name) into a JobRecord.
 * Shared by parseSqueue and parseSacct so both read the same column names the same way.
 */
import { ParseError } from '../../errors.js';
import type { JobRecord } from '../../types.js';
import { cellAt, contentLines, eachTableRow, positions, splitHeaderless, type Columns, type Row } from '../columns.js';
import { isSlurmId, nodeBudget, splitSlurmId, type SplitId } from '../job-id.js';
import { createTimeReader } from '../time-reader.js';
import { SlurmRecord } from './slurm-record.js';
import { normalizeSlurmState, slurmLongState, type SlurmStatus } from './slurm-states.js';

/** Column names that can hold the job id (normalised). */
const ID_COLUMNS = ['jobid', 'stepid', 'jobidraw'];
const STATE_COLUMNS = ['state', 'jobstate', 'st', 'statecompact'];

/** Whether a header line names Slurm columns we can key rows by. */
export function isSlurmHeader(names: string[]): boolean {
  return names.some((n) => ID_COLUMNS.includes(n)) || names.some((n) => STATE_COLUMNS.includes(n));
}

/** Where a table's cells are for each field a record reads (positions, names in priority order). */
export interface Plan {
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
  // One id column (nearly every table): nothing to choose between.
  if (ids.length === 1) return row.cells[ids[0]!]?.trim() || undefined;
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
 * What a row says before its record is built: enough for a parser to decide whether it keeps
 * the row (sacct folds most step rows into their job and needs only these facts of them).
 */
export interface SlurmHead {
  split: SplitId;
  status: SlurmStatus;
  /** The state cell as printed (`CANCELLED by 0`). */
  rawState: string;
}

/** A head plus what building its record needs again. */
export interface Head extends SlurmHead {
  reasonCell: string | undefined;
  pendingWord: boolean;
}

/**
 * Each row of squeue/sacct output with a header (read as it is split), or sniffed from
 * headerless output (every line sniffed first, so an unreadable line is the error). `visit`
 * gets the row's head and a function building its full record, which is valid only during
 * that visit: a row the parser drops costs no names, nodes or dates.
 */
export function eachSlurmRow(text: string, what: string, visit: (head: SlurmHead, record: () => JobRecord) => void): void {
  const budget = nodeBudget(text);
  const time = createTimeReader();
  let row: Row | undefined;
  let plan: Plan | undefined;
  let head: Head | undefined;
  const record = () => new SlurmRecord(row!, plan!, head!, budget, time);
  const read = (next: Row) => {
    row = next;
    plan = planOf(next.columns);
    head = readHead(next, plan, text, what);
    visit(head, record);
  };
  if (eachTableRow(text, isSlurmHeader, read)) return;
  const rows = contentLines(text).map((line) => {
    const sniffed = sniffRow(splitHeaderless(line));
    if (!sniffed) throw new ParseError(`Cannot read ${what} output: no header and no job state in a line`, text);
    return sniffed;
  });
  rows.forEach(read);
}

function pendingReasonOf(row: Row, plan: Plan, pending: boolean): string | undefined {
  const reason = cellAt(row, plan.reason) ?? (pending ? cellAt(row, plan.nodeListReason) : undefined);
  if (reason === undefined) return undefined;
  // A cell is trimmed already: only a parenthesised one (squeue's `(Resources)`) changes.
  const bare = reason.charCodeAt(0) === 40 ? reason.replace(/^\((.*)\)$/, '$1').trim() : reason;
  return bare === '' || bare === 'None' || bare === '(null)' ? undefined : bare;
}

/** Check one row; throws ParseError (with the whole text) for an unknown state word or a row without a job id. */
function readHead(row: Row, plan: Plan, text: string, what: string): Head {
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
  return { split, status, rawState, reasonCell, pendingWord };
}

