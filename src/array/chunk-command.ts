/**
 * The bash loop of a command map's task: it runs the task's items (`chunk` of them), up to
 * `width` at once (the task's cores), and appends each item's exit code to the task's status
 * file as `item.<j>=<exit>` (item-codes.ts reads them), so a packed task says which ITEM failed.
 * The task exits with the last failing item's code (0 when every item succeeded).
 */
import { shellQuote } from '../util/shell-quote.js';

/** What the loop needs. */
export interface ChunkLoop {
  /** The command payload (line 1 its mark; item j is line j + 2, base64). */
  itemsFile: string;
  /** Items per task. */
  chunk: number;
  /** Items in the payload. */
  total: number;
  /** Most items running at once (1: one after the other, in the foreground). */
  width: number;
  /** A bash word for the task's status file. */
  statusWord: string;
}

/** The lines of the loop (the caller has set `_hpcq_index`, the task's 0-based index). */
export function renderChunkLoop(loop: ChunkLoop): string[] {
  const each = [
    // One item: decode its line, run it in a subshell of its own, record its code.
    '_hpcq_item() {',
    `  local _hpcq_cmd _hpcq_rc`,
    `  _hpcq_cmd=$(sed -n "$(($1 + 2))p" ${shellQuote(loop.itemsFile)} | base64 -d)`,
    '  _hpcq_rc=$?',
    '  if [ "$_hpcq_rc" -eq 0 ]; then ( eval "$_hpcq_cmd" ); _hpcq_rc=$?; fi',
    `  echo "item.$1=$_hpcq_rc" >> ${loop.statusWord}`,
    '  return "$_hpcq_rc"',
    '}',
    '_hpcq_fail=0',
  ];
  const range = `for ((_hpcq_j = _hpcq_index * ${loop.chunk}; _hpcq_j < (_hpcq_index + 1) * ${loop.chunk} && _hpcq_j < ${loop.total}; _hpcq_j++)); do`;
  if (loop.width <= 1) return [...each, range, '  _hpcq_item "$_hpcq_j" || _hpcq_fail=$?', 'done', 'exit "$_hpcq_fail"'];
  // A pool of `width` background items: wait -n (bash 4.3+) frees a slot and gives that item's code.
  return [
    ...each,
    '_hpcq_running=0',
    range,
    `  if [ "$_hpcq_running" -ge ${loop.width} ]; then wait -n || _hpcq_fail=$?; _hpcq_running=$((_hpcq_running - 1)); fi`,
    '  _hpcq_item "$_hpcq_j" &',
    '  _hpcq_running=$((_hpcq_running + 1))',
    'done',
    'while [ "$_hpcq_running" -gt 0 ]; do wait -n || _hpcq_fail=$?; _hpcq_running=$((_hpcq_running - 1)); done',
    'exit "$_hpcq_fail"',
  ];
}
