/**
 * Turning one squeue or sacct row (cells keyed by column name) into a JobRecord.
 * Shared by parseSqueue and parseSacct so both read the same column names the same way.
 */
import { ParseError } from '../../errors.js';
import type { JobRecord } from '../../types.js';
import { cell, contentLines, parseTable, splitHeaderless, type Row } from '../columns.js';
import { expandNodeList, isSlurmId, nodeBudget, parseCount, parseTime, splitSlurmId, type NodeBudget, type SplitId } from '../job-id.js';
import { normalizeSlurmState, slurmLongState } from './slurm-states.js';
import { assignDefined } from '../record-fields.js';

/** Column names that can hold the job id (normalised). */
const ID_COLUMNS = ['jobid', 'stepid', 'jobidraw'];
const STATE_COLUMNS = ['state', 'jobstate', 'st', 'statecompact'];

/** Whether a header line names Slurm columns we can key rows by. */
export function isSlurmHeader(names: string[]): boolean {
  return names.some((n) => ID_COLUMNS.includes(n)) || names.some((n) => STATE_COLUMNS.includes(n));
}

/** The id cell: with duplicated JOBID columns (`%A` and `%i`), the one naming an array task or het part wins. */
function idCell(row: Row): string | undefined {
  let first: string | undefined;
  for (const name of ID_COLUMNS) {
    for (const c of row.get(name) ?? []) {
      if (c === '') continue;
      if (/[_+[]/.test(c)) return c;
      first ??= c;
    }
  }
  return first;
}

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
  const row: Row = new Map([['state', [state]]]);
  const id = cells.find(isSlurmId);
  if (id !== undefined) row.set('jobid', [id]);
  const exit = cells.find((c) => /^\d+:\d+$/.test(c));
  if (exit !== undefined) row.set('exitcode', [exit]);
  if (reason !== undefined) row.set('reason', [reason]);
  return row;
}

/** Rows of squeue/sacct output with a header, or sniffed from headerless output. */
export function slurmRows(text: string, what: string): Row[] {
  const table = parseTable(text, isSlurmHeader);
  if (table) return table;
  return contentLines(text).map((line) => {
    const row = sniffRow(splitHeaderless(line));
    if (!row) throw new ParseError(`Cannot read ${what} output: no header and no job state in a line`, text);
    return row;
  });
}

/** A parsed row: its record plus the id split into job, array index and step. */
export interface SlurmRow {
  split: SplitId;
  record: JobRecord;
}

function pendingReasonOf(row: Row, pending: boolean): string | undefined {
  const reason = cell(row, 'reason') ?? (pending ? cell(row, 'nodelistreason') : undefined);
  if (reason === undefined) return undefined;
  const bare = reason.replace(/^\((.*)\)$/, '$1').trim();
  return bare === '' || bare === 'None' || bare === '(null)' ? undefined : bare;
}

/** Convert one row; throws ParseError (with the whole text) for an unknown state word or a row without a job id. */
export function slurmRowToRecord(row: Row, text: string, what: string, budget: NodeBudget = nodeBudget(text)): SlurmRow {
  const rawState = cell(row, ...STATE_COLUMNS) ?? '';
  const rawId = idCell(row) ?? '';
  // A row without a readable job id would be a job nobody can name (or one the parser made up
  // from a stray line): the output is not what it seems, so say so rather than guess.
  const split = splitSlurmId(rawId);
  if (!split) throw new ParseError(rawId === '' ? `A ${what} row without a job id` : `Cannot read the job id "${rawId}" in ${what} output`, text);
  if (/[\r\n]/.test(rawState)) throw new ParseError(`A ${what} state cell spans lines`, text);
  // `squeue -s` lists running steps with no state column at all.
  const stateWord = rawState === '' && row.has('stepid') ? 'RUNNING' : rawState;
  const pendingWord = /^(PD|PENDING|REQUEUE|RH|SE)/i.test(stateWord);
  const reasonCell = pendingReasonOf(row, pendingWord);
  const status = normalizeSlurmState(stateWord, cell(row, 'exitcode'), reasonCell);
  if (!status) throw new ParseError(`Unknown Slurm job state "${rawState}" in ${what} output`, text);
  const pendingReason = status.state === 'pending' || status.state === 'held' ? reasonCell : undefined;
  const nodeCell = cell(row, 'nodelist', 'exechost', 'batchhost') ?? (pendingWord ? undefined : cell(row, 'nodelistreason'));
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
  assignDefined(record, {
    name: cell(row, 'name', 'jobname'),
    user: cell(row, 'user', 'username'),
    partition: cell(row, 'partition'),
    nodes: expandNodeList(nodeCell, budget),
    nodeCount: parseCount(cell(row, 'nodes', 'nnodes', 'numnodes', 'allocnodes')),
    cpus: parseCount(cell(row, 'cpus', 'alloccpus', 'ncpus', 'numcpus')),
    submitTime: parseTime(cell(row, 'submittime', 'submit')),
    startTime: parseTime(cell(row, 'starttime', 'start')),
    endTime: parseTime(cell(row, 'endtime', 'end')),
  });
  return { split, record };
}
