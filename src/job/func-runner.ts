/**
 * The generated runner `<name>_func.<suffix>.mjs` that runs a function job on the compute node.
 * It is self-contained (compute nodes may not have hpcq installed): the tagged-JSON codec is
 * embedded from codec.ts's own source text, so there is one implementation.
 *
 * Usage on the node: `node runner.mjs <input.json> <output.json> [<map task index>]`. Exit 0 after writing a result,
 * 1 after writing an error (so the scheduler marks the job failed too).
 */
import { decodeTagged, encodeTagged } from './codec.js';
import { manifestLine, RUNNER_MARK, type JobFiles } from './files.js';

/** The runner's own logic; uses only node built-ins and the embedded codec. */
const MAIN = String.raw`
import { closeSync, constants, fchmodSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { inspect } from 'node:util';

const [inputPath, outputPath, taskArg] = process.argv.slice(2);
// Functions may call require() even though the runner is a module; packages resolve from the
// job's working directory (the wrapper has cd'ed there), like a script run in that directory.
globalThis.require = createRequire(process.cwd() + '/');

// The same rules as hpcq's own writer (src/util/atomic-write.ts), which this file cannot import:
// an unguessable temp name opened exclusively (a planted symlink is refused), owner-only, renamed.
function writeOutput(payload) {
  const tmp = outputPath + '.' + randomBytes(12).toString('hex') + '.tmp';
  const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = constants;
  const fd = openSync(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
  try {
    try {
      fchmodSync(fd, 0o600);
      writeFileSync(fd, JSON.stringify(payload) + '\n');
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, outputPath);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
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
    MAIN.trim(),
    '',
    '// Tagged-JSON codec, embedded from hpcq (src/job/codec.ts).',
    encodeTagged.toString(),
    decodeTagged.toString(),
    '',
  ].join('\n');
}
