// @ts-check
/**
 * The worker-thread module that runs function jobs (loaded by piscina from worker-pool.ts).
 * It is a file of the package, resolved beside worker-pool's own module, so the code that runs
 * is always the installed hpcq's: never a file found in a shared directory such as $TMPDIR.
 * CommonJS with no imports, so it loads the same from src/ under a test runner and from dist/.
 * Each distinct function source is compiled once; a throw is reported as data, not a rejection.
 */
'use strict';

/** @type {Map<string, Function>} */
const cache = new Map();
const HINT =
  ' (hpcq runs a function in isolation, in a worker thread: it cannot use variables from its enclosing scope; pass them through args)';

/**
 * The function for `src`, compiled by indirect eval: it sees globals only, never this module's scope.
 * @param {string} src
 * @returns {Function}
 */
function compile(src) {
  let fn = cache.get(src);
  if (fn === undefined) {
    fn = /** @type {Function} */ ((0, eval)('(' + src + ')'));
    if (cache.size > 1000) cache.clear();
    cache.set(src, fn);
  }
  return fn;
}

/**
 * Run one task: `src` is the function's source, `args` cloned arguments or `ser` their
 * serialize-javascript form.
 * @param {{ src: string, args?: unknown[], ser?: string }} task
 * @returns {Promise<{ ok: true, value: unknown } | { ok: false, error: { name: string, message: string, stack?: string } }>}
 */
module.exports = async function hpcqRunFunction(task) {
  try {
    const fn = compile(task.src);
    const args = task.ser !== undefined ? /** @type {unknown[]} */ ((0, eval)('(' + task.ser + ')')) : task.args || [];
    return { ok: true, value: await fn(...args) };
  } catch (e) {
    const err = /** @type {{ name?: unknown, message?: unknown, stack?: unknown }} */ (
      e !== null && typeof e === 'object' ? e : new Error(String(e))
    );
    let message = String(err.message);
    let stack = typeof err.stack === 'string' ? err.stack : undefined;
    if (err.name === 'ReferenceError') {
      message += HINT;
      if (stack) stack = stack.replace(/^.*$/m, (line) => line + HINT);
    }
    return { ok: false, error: { name: String(err.name || 'Error'), message, ...(stack ? { stack } : {}) } };
  }
};
