/** `hpcq map --items FILE [submit flags] -- COMMAND {item}`: one job array over the lines of a file. */
import { map, type JobArray, type Settled } from '../../api/index.js';
import { qtypeOf } from '../../api/submit.js';
import { ArrayFailedError } from '../../errors.js';
import { LOCAL } from '../../schedulers/registry.js';
import { startProgress, summarizeStates } from '../../util/progress.js';
import type { CliCommand } from '../command.js';
import { EXIT } from '../errors.js';
import { stringFlag } from '../flags.js';
import { readItems } from '../items.js';
import { templateOf } from '../map-template.js';
import { OPTION_FLAGS } from '../option-flags.js';
import { UsageError, type FlagTable, type ParsedLine } from '../parse.js';
import { SUBMIT_CONTROL_FLAGS, submitOptions } from './submit.js';

const { follow: _follow, wait: _wait, json: _json, ...SHARED } = SUBMIT_CONTROL_FLAGS;
// map makes the array itself: the table's raw `array` option would make an array of arrays.
const { array: _array, ...JOB_FLAGS } = OPTION_FLAGS;

/** Flags of `hpcq map` that are not job options. */
export const MAP_FLAGS: FlagTable = {
  items: { type: 'string', short: 'i', value: 'FILE', help: "The items, one per line (blank lines skipped); '-' reads stdin." },
  'json-lines': { type: 'boolean', short: 'j', help: 'Read each line as JSON (default for files ending .jsonl or .ndjson); object fields fill {field}.' },
  chunk: { type: 'string', value: 'K', help: 'Items run by each array task, one after the other (default 1, raised to fit the site limit).' },
  'array-tasks': { type: 'string', value: 'N', help: 'Spread the items over at most N array tasks instead (not with --chunk; --tasks stays MPI ranks per task).' },
  parallel: { type: 'string', short: 'P', value: 'N', help: 'Most array tasks running at once (default: no limit).' },
  wait: { type: 'boolean', short: 'w', help: 'Wait for every task; exit 1 listing the failed item indices.' },
  results: { type: 'boolean', short: 'r', help: "Wait, then print each item's outcome as one JSON line, in item order." },
  json: { type: 'boolean', help: 'Print the array (id, name, qtype, items; with --wait the state counts) as JSON.' },
  ...SHARED,
};

/** A positive whole number flag, or undefined. */
function countFlag(line: ParsedLine, name: string): number | undefined {
  const raw = stringFlag(line, name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1) throw new UsageError(`--${name} takes a whole number of at least 1, not '${raw}'`);
  return Number(raw);
}

/** One item's outcome as `--results` prints it. */
function outcomeLine(s: Settled<unknown>, item: unknown, arr: JobArray<unknown>): string {
  const task = arr.tasks.find((t) => t.index === s.index)!;
  const common = { index: s.index, item, ok: s.ok, state: task.state, ...(task.reason ? { reason: task.reason } : {}), exitCode: task.exitCode, stdout: task.stdout ?? '', stderr: task.stderr ?? '' };
  return JSON.stringify(s.ok ? common : { ...common, ...(s.failure.remoteError ? { error: s.failure.remoteError } : {}) });
}

/** Wait for the array with a progress line; print results or counts; the exit code. */
async function waitFor(arr: JobArray<unknown>, items: unknown[], line: ParsedLine, qtype: string): Promise<number> {
  const label = arr.id ?? arr.name;
  if (!line.values.json && !process.stderr.isTTY) process.stderr.write(`hpcq: waiting for array ${label} (${items.length} items) on ${qtype}\n`);
  const stop = startProgress(() => `array ${label} on ${qtype}: ${summarizeStates(arr.tasks.map((t) => t.state))}`);
  let settled: Settled<unknown>[];
  try {
    settled = await arr.results({ settle: true, progress: false });
  } finally {
    stop();
  }
  const failures = settled.flatMap((s) => (s.ok ? [] : [s.failure]));
  if (line.values.results) for (const s of settled) process.stdout.write(`${outcomeLine(s, items[s.index], arr)}\n`);
  else if (line.values.json) {
    const counts: Record<string, number> = {};
    for (const t of arr.tasks) counts[t.state] = (counts[t.state] ?? 0) + 1;
    process.stdout.write(`${JSON.stringify({ id: arr.id, name: arr.name, qtype, items: items.length, counts, failed: failures.map((f) => f.index) })}\n`);
  }
  if (failures.length > 0) {
    process.stderr.write(`hpcq: ${new ArrayFailedError(label, failures).message}\n`);
    return EXIT.failed;
  }
  return EXIT.ok;
}

/** `hpcq map --items FILE [flags] -- COMMAND {item} ...`. */
export const mapCommand: CliCommand = {
  name: 'hpcq map',
  summary: 'Run a command template over every line of a file, as one job array; print its id.',
  usage: '--items FILE|- [--json-lines] [--chunk K | --array-tasks N] [--parallel P] [--wait|--results] [submit flags] -- COMMAND {item} ...',
  flags: { ...MAP_FLAGS, ...JOB_FLAGS },
  stopAtPositional: true,
  notes: [
    'Placeholders: {item} (the line, or the JSON value), {index} (from 0) and, for JSON objects,',
    '{field}; each is replaced by its value shell-quoted. The item is also in $HPCQ_ITEM.',
    'One word after -- is a shell line as written: hpcq map -i f.txt -- "./a {item} && ./b {index}".',
    'Lines are items as text; JSON lines only with --json-lines or a .jsonl/.ndjson file name.',
    'Local arrays (--qtype local) run inside this hpcq process: it stays until every task ended.',
  ].join('\n'),
  async run(line) {
    const path = stringFlag(line, 'items');
    if (path === undefined) throw new UsageError('--items FILE is required (one item per line, or - for stdin)');
    const template = templateOf([...line.positionals, ...line.rest]);
    const chunk = countFlag(line, 'chunk');
    const arrayTasks = countFlag(line, 'array-tasks');
    const parallel = countFlag(line, 'parallel');
    const items = await readItems({ path, ...(line.values['json-lines'] ? { jsonLines: true } : {}) });
    const options = submitOptions(line);
    const qtype = await qtypeOf(options);
    const arr = await map(template, items, { ...options, qtype, ...(chunk ? { chunk } : {}), ...(arrayTasks ? { arrayTasks } : {}), ...(parallel ? { parallel } : {}) });
    if (!line.values.results) {
      const text = line.values.json && !line.values.wait ? JSON.stringify({ id: arr.id, name: arr.name, qtype, items: items.length }) : `${arr.id ?? ''}\t${arr.name}\t${qtype}`;
      if (!(line.values.json && line.values.wait)) process.stdout.write(`${text}\n`);
    }
    if (line.values.wait || line.values.results) return waitFor(arr, items, line, qtype);
    // A local array lives in this process's worker pool; leaving now would kill it.
    if (qtype === LOCAL) {
      process.stderr.write(`hpcq: local array ${arr.name} runs inside this process; waiting for it to end (Ctrl-C cancels it)\n`);
      await arr.wait();
    }
    return EXIT.ok;
  },
};
