/**
 * The generated runner `<name>_func.<suffix>.mjs` that runs a function job on the compute node.
 * It is self-contained (compute nodes may not have hpcq installed): the tagged-JSON codec and the
 * atomic write rule are embedded from their own source text (codec.ts, util/atomic-write.ts), so
 * each has one implementation.
 *
 * Usage on the node: `node runner.mjs <input.json> <output.json> [<map task index>]`. Exit 0 after writing a result,
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

const [inputPath, outputPath, taskArg] = process.argv.slice(2);
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

// A map task (third argument: its index) runs its chunk of the items, one after the other, and
// keeps each item's outcome, so one item's error never hides another's result.
async function runItems(input, task) {
  const fn = revive(input.fn);
  const items = decodeTagged(input.items, revive);
  const first = task * input.chunk;
  const outcomes = [];
  for (let j = first; j < Math.min(first + input.chunk, items.length); j++) {
    const index = input.indices ? input.indices[j] : j;
    outcomes.push({ index, ...(await call(fn, [items[j], index])) });
  }
  const failed = outcomes.find((o) => !o.ok);
  return { hpcq: 'output', ok: !failed, items: outcomes, ...(failed ? { error: failed.error } : {}) };
}

let payload;
try {
  const input = JSON.parse(readFileSync(inputPath, 'utf8'));
  importFromDir(input.fn);
  if (taskArg !== undefined) payload = await runItems(input, Number(taskArg));
  else payload = { hpcq: 'output', ...(await call(revive(input.fn), decodeTagged(input.args, revive))) };
} catch (err) {
  payload = { hpcq: 'output', ok: false, error: errorInfo(err) };
}
writeOutput(payload);
if (!payload.ok) {
  process.stderr.write('hpcq: the function threw ' + (payload.error.stack || payload.error.name + ': ' + payload.error.message) + '\n');
  process.exitCode = 1;
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
