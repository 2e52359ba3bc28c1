/**
 * The generated runner `<name>_func.<suffix>.mjs` that runs a function job on the compute node.
 * It is self-contained (compute nodes may not have hpcq installed): the tagged-JSON codec and the
 * atomic write rule are embedded from their own source text (codec.ts, util/atomic-write.ts), so
 * each has one implementation.
 *
 * Usage on the node: `node runner.mjs <input.json> <output.json> [<map task index> [<items at once>]]`. Exit 0 after writing a result,
 * 1 after writing an error (so the scheduler marks the job failed too).
 */
import { exclusiveFlags, FILE_MODE, tempName, writeAtomicWith } from '../util/atomic-write.js';
import { decodeTagged, encodeTagged } from './codec.js';
import { manifestLine, RUNNER_MARK, type JobFiles } from './files.js';

/** The runner's own logic; uses only node built-ins and the embedded codec. */
const MAIN = String.raw`
import { closeSync, constants, fchmodSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import * as nodeModule from 'node:module';
import { pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const [inputPath, outputPath, taskArg, widthArg] = process.argv.slice(2);
// Functions may call require() even though the runner is a module; packages resolve from the
// job's working directory (the wrapper has cd'ed there), like a script run in that directory.
globalThis.require = nodeModule.createRequire(process.cwd() + '/');

// The same for import(): the revived function is code of this module, so Node would resolve its
// imports from this file's directory (the filedir, often a scratch dir without node_modules).
// A resolve hook sends the bare and relative imports of this module to the working directory
// first. module.register exists from Node 20.6; older ones keep Node's own resolution.
const RESOLVE_FROM_DIR = [
  'let runner, dir;',
  'export function initialize(data) { runner = data.runner; dir = data.dir; }',
  'export async function resolve(specifier, context, next) {',
  '  if (context.parentURL !== runner || /^([a-zA-Z][a-zA-Z0-9+.-]*:|[/#])/.test(specifier)) return next(specifier, context);',
  '  try { return await next(specifier, { ...context, parentURL: dir }); } catch { return next(specifier, context); }',
  '}',
].join('\n');
function importFromDir(source) {
  if (typeof nodeModule.register !== 'function' || !/\bimport\b/.test(source)) return;
  const data = { runner: import.meta.url, dir: pathToFileURL(process.cwd() + '/').href };
  nodeModule.register('data:text/javascript,' + encodeURIComponent(RESOLVE_FROM_DIR), { data });
}

// hpcq's own atomic write rule (src/util/atomic-write.ts, embedded below) on this node's fs.
function writeOutput(payload) {
  const io = { openSync, fchmodSync, writeSync, closeSync, renameSync, rmSync, flags: exclusiveFlags(constants), randomHex: () => randomBytes(12).toString('hex') };
  writeAtomicWith(io, outputPath, JSON.stringify(payload) + '\n', FILE_MODE);
}

// Indirect eval: the function sees globals only, never the runner's (or the submitter's) scope.
function revive(source) {
  return (0, eval)('(' + source + ')');
}

function errorInfo(err) {
  if (!(err instanceof Error)) {
    // A thrown object would otherwise read as [object Object]; show what it holds.
    const shown = typeof err === 'string' ? err : inspect(err, { depth: 4, breakLength: Infinity });
    return { name: 'Error', message: 'non-Error value thrown: ' + shown };
  }
  if (err instanceof ReferenceError && / is not defined$/.test(err.message)) {
    const old = err.message;
    const stack = err.stack;
    err.message = old + ' (the function runs in isolation on the compute node and cannot use variables from the scope it was written in; pass values through args)';
    if (typeof stack === 'string') err.stack = stack.replace(old, err.message);
  }
  return { name: err.name, message: err.message, stack: err.stack };
}

async function call(fn, args) {
  try {
    return { ok: true, value: encodeTagged(await fn(...args)) };
  } catch (err) {
    return { ok: false, error: errorInfo(err) };
  }
}

// A map task (third argument: its index) runs its chunk of the items and keeps each item's
// outcome, so one item's error never hides another's result: one after the other, or with a
// fourth argument w, up to w at once in worker threads (the task's cores), outcomes in item order.
async function runItems(input, task, width) {
  const fn = revive(input.fn);
  const first = task * input.chunk;
  const last = Math.min(first + input.chunk, input.items.length);
  const mine = chunkOf(input, first, last);
  let outcomes = [];
  if (width > 1 && last - first > 1) outcomes = await runPool(first, last, width);
  else for (let j = first; j < last; j++) outcomes.push(await runItem(fn, mine, input, j, first));
  const failed = outcomes.find((o) => !o.ok);
  return { hpcq: 'output', ok: !failed, items: outcomes, ...(failed ? { error: failed.error } : {}) };
}

// Items are encoded one by one (no references between them), so a task decodes only its own
// chunk [first, last): with 100,000 items in 100 tasks, decoding them all was most of each task's work.
function chunkOf(input, first, last) {
  return decodeTagged(input.items.slice(first, last), revive);
}

// Item j of the map, held at mine[j - first].
async function runItem(fn, mine, input, j, first) {
  const index = input.indices ? input.indices[j] : j;
  return { index, ...(await call(fn, [mine[j - first], index])) };
}

// Items [first, last) over width workers of this same file: each asks for the next item as
// soon as it is free, and is told to stop (null) when none is left.
function runPool(first, last, width) {
  return new Promise((resolve, reject) => {
    const outcomes = new Array(last - first);
    let next = first;
    let done = 0;
    const workers = Array.from({ length: Math.min(width, last - first) }, () => new Worker(new URL(import.meta.url), { workerData: { inputPath, first, last } }));
    const feed = (worker) => worker.postMessage(next < last ? next++ : null);
    for (const worker of workers) {
      worker.on('message', ({ j, outcome }) => {
        outcomes[j - first] = outcome;
        done++;
        feed(worker);
      });
      worker.on('error', reject);
      feed(worker);
    }
    Promise.all(workers.map((w) => new Promise((r) => w.once('exit', r)))).then(() =>
      done === last - first ? resolve(outcomes) : reject(new Error('hpcq: a worker thread ended before its items did')),
    );
  });
}

// A worker thread of a packed task: it runs the items its parent hands it, one at a time.
function serveItems() {
  const { inputPath: path, first, last } = workerData;
  const input = JSON.parse(readFileSync(path, 'utf8'));
  importFromDir(input.fn);
  const fn = revive(input.fn);
  const mine = chunkOf(input, first, last);
  parentPort.on('message', async (j) => {
    if (j === null) return parentPort.close();
    parentPort.postMessage({ j, outcome: await runItem(fn, mine, input, j, first) });
  });
}

if (!isMainThread) serveItems();
else {
  let payload;
  try {
    const input = JSON.parse(readFileSync(inputPath, 'utf8'));
    importFromDir(input.fn);
    if (taskArg !== undefined) payload = await runItems(input, Number(taskArg), Number(widthArg ?? 1));
    else payload = { hpcq: 'output', ...(await call(revive(input.fn), decodeTagged(input.args, revive))) };
  } catch (err) {
    payload = { hpcq: 'output', ok: false, error: errorInfo(err) };
  }
  writeOutput(payload);
  if (!payload.ok) {
    process.stderr.write('hpcq: the function threw ' + (payload.error.stack || payload.error.name + ': ' + payload.error.message) + '\n');
    process.exitCode = 1;
  }
}
`;

/** The runner's text for a job's files (marked and with the job's manifest, for `clean`). */
export function renderFuncRunner(files: JobFiles): string {
  return [
    RUNNER_MARK,
    `// ${manifestLine(files)}`,
    // Before the main code: it awaits at top level, so a later const would not be set yet.
    '// The atomic write rule, embedded from hpcq (src/util/atomic-write.ts).',
    `const FILE_MODE = 0o${FILE_MODE.toString(8)};`,
    exclusiveFlags.toString(),
    tempName.toString(),
    writeAtomicWith.toString(),
    '',
    MAIN.trim(),
    '',
    '// Tagged-JSON codec, embedded from hpcq (src/job/codec.ts).',
    encodeTagged.toString(),
    decodeTagged.toString(),
    '',
  ].join('\n');
}
