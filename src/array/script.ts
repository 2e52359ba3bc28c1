/**
 * The files of one `map`: one submission script for the whole array, and one payload holding
 * every item. Each task of the array works out its own index at run time (from the scheduler's
 * variable, shifted to start at 0 here and nowhere else) and writes its own status, stdout,
 * stderr and result files (taskPath), so one task never hides another's ending.
 */
import { renderDirectives } from '../options/index.js';
import { getBackend, isBatchQtype, layoutOf } from '../schedulers/registry.js';
import type { Qtype } from '../types.js';
import { FILE_MODE } from '../util/atomic-write.js';
import type { Host } from '../util/host.js';
import { shellQuote } from '../util/shell-quote.js';
import { itemsPath, taskPath, type JobFiles } from '../job/files.js';
import { renderFuncRunner } from '../job/func-runner.js';
import { renderScripts, type ScriptFile } from '../job/script.js';
import type { JobSpec } from '../job/spec.js';
import { workDir } from '../job/write.js';
import { jobEnvOf, portableExports } from '../job/job-env.js';

/** Everything one array's files are rendered from. */
export interface ArrayPlan {
  spec: JobSpec;
  /** Scheduler tasks in the array (items / chunk, rounded up). */
  tasks: number;
  /** Items each task runs. */
  chunk: number;
  /** Most tasks running at once (undefined: no limit). */
  parallel?: number;
  /** The function payload (function maps) or one command line per item (command maps). */
  payload: { kind: 'function'; text: string } | { kind: 'commands'; lines: readonly string[] };
}

/** The bash word of the scheduler's task index, and the index it gives the first task. */
function taskIndexWord(qtype: Qtype): { word: string; first: number } {
  return { word: jobEnvOf(qtype).arrayIndex, first: isBatchQtype(qtype) ? (getBackend(qtype).ids.first ?? 0) : 0 };
}

/** The scheduler's array range for `tasks` tasks, at most `parallel` at once (`0-9%2`; Grid Engine `1-10`). */
export function arrayRange(qtype: Qtype, tasks: number, parallel?: number): string {
  const { first } = taskIndexWord(qtype);
  return `${first}-${first + tasks - 1}${parallel ? `%${parallel}` : ''}`;
}

/** A path with the task index spliced in at run time, as one bash word. */
export function taskPathWord(path: string): string {
  const [before, after] = taskPath(path, '\0').split('\0') as [string, string];
  return `${shellQuote(before)}"$_hpcq_index"${shellQuote(after)}`;
}

/** Lines that set `_hpcq_index` (0-based) and the portable HPCQ_ARRAY_* variables. */
function prelude(qtype: Qtype, tasks: number): string[] {
  const { word, first } = taskIndexWord(qtype);
  return [
    `_hpcq_task=${word}`,
    'if [ -z "$_hpcq_task" ]; then echo "hpcq: this array task has no task index in its environment" >&2; exit 1; fi',
    `_hpcq_index=$((_hpcq_task - ${first}))`,
    `_hpcq_count=${tasks}`,
  ];
}

/** The command of each task: its chunk of items, its output in its own files. */
function taskCommand(plan: ArrayPlan, files: JobFiles): string {
  const redirect = `exec >${taskPathWord(files.out)} 2>${taskPathWord(files.err)}`;
  if (plan.payload.kind === 'function') {
    const node = shellQuote(plan.spec.options.nodePath ?? 'node');
    return [redirect, `${node} ${shellQuote(files.funcRunner!)} ${shellQuote(files.funcInput!)} ${taskPathWord(files.funcOutput!)} "$_hpcq_index"`].join('\n');
  }
  // Line 1 of the items file is its mark; item j is line j + 2, base64 so any text fits on a line.
  const total = plan.payload.lines.length;
  return [
    redirect,
    '_hpcq_fail=0',
    `for ((_hpcq_j = _hpcq_index * ${plan.chunk}; _hpcq_j < (_hpcq_index + 1) * ${plan.chunk} && _hpcq_j < ${total}; _hpcq_j++)); do`,
    `  _hpcq_cmd=$(sed -n "$((_hpcq_j + 2))p" ${shellQuote(itemsPath(files))} | base64 -d) || exit 1`,
    '  ( eval "$_hpcq_cmd" ) || _hpcq_fail=$?',
    'done',
    'exit "$_hpcq_fail"',
  ].join('\n');
}

/** The array's files: payload (and runner) first, the submission script last. */
export function renderArray(plan: ArrayPlan, host: Host): ScriptFile[] {
  const { spec } = plan;
  const { files, options, qtype } = spec;
  const dir = workDir(spec, host);
  const batch = isBatchQtype(qtype) ? getBackend(qtype) : undefined;
  const array = arrayRange(qtype, plan.tasks, plan.parallel);
  const directives = batch ? renderDirectives({ ...options, name: spec.name, outfile: files.out, errfile: files.err, dir, array }, qtype) : [];
  const scripts = renderScripts({
    layout: layoutOf(qtype),
    files,
    directives,
    ...(batch ? { jobId: batch.env.jobId } : {}),
    statusWord: taskPathWord(files.status),
    portable: portableExports(jobEnvOf(qtype), spec.name),
    prelude: prelude(qtype, plan.tasks),
    command: taskCommand(plan, files),
    dir,
    modules: options.modules ?? [],
    setup: options.setup ?? [],
    env: options.env ?? {},
  });
  const payload: ScriptFile[] =
    plan.payload.kind === 'function'
      ? [
          { path: files.funcRunner!, text: renderFuncRunner(files), mode: FILE_MODE },
          { path: files.funcInput!, text: plan.payload.text, mode: FILE_MODE },
        ]
      : [{ path: itemsPath(files), text: ['# hpcq items', ...plan.payload.lines.map((l) => Buffer.from(l).toString('base64'))].join('\n') + '\n', mode: FILE_MODE }];
  return [...payload, ...scripts.reverse()];
}
