/**
 * Turning a function job into something a worker thread can run: its source (through
 * serialize-javascript, which also rewrites method shorthand) and its arguments. What cannot
 * make the trip is refused at add(), not discovered on the worker.
 */
import serialize from 'serialize-javascript';
import { HpcqError } from '../errors.js';

/** What is posted to a worker for one call: the source and either cloneable args or their serialised form. */
export interface FunctionPayload {
  src: string;
  args?: unknown[];
  ser?: string;
}

// Sources of functions already seen: 100,000 jobs of the same function share one string.
const sources = new WeakMap<Function, string>();

const CLONEABLE_PROTOS: ReadonlySet<unknown> = new Set([
  null,
  Object.prototype,
  Array.prototype,
  Date.prototype,
  Map.prototype,
  Set.prototype,
  RegExp.prototype,
  ArrayBuffer.prototype,
  Error.prototype,
  Boolean.prototype,
  Number.prototype,
  String.prototype,
]);

/** The source of `fn` to evaluate on a worker; throws HpcqError when it has none. */
export function functionSource(fn: Function): string {
  const known = sources.get(fn);
  if (known !== undefined) return known;
  let src: string;
  try {
    src = serialize(fn, { unsafe: true });
  } catch (err) {
    throw new HpcqError(
      `Cannot run function '${fn.name || 'anonymous'}' in a worker: its source is not available ` +
        `(native or bound functions, e.g. fn.bind(x), have none). Pass a plain function and give ` +
        `its inputs through args.`,
      { cause: err },
    );
  }
  if (/^class\b/.test(src)) throw new HpcqError(`Cannot run class '${fn.name}' as a job: pass a function`);
  sources.set(fn, src);
  return src;
}

function describe(value: object): string {
  const ctor = (value as { constructor?: { name?: string } }).constructor?.name;
  return ctor ? `an instance of class ${ctor}` : 'an object with a custom prototype';
}

/** Walk args, refusing what loses meaning across the thread boundary; true when a function is inside. */
function check(value: unknown, path: string, seen: Set<object>): boolean {
  if (typeof value === 'function') {
    functionSource(value);
    return true;
  }
  if (typeof value === 'symbol') throw new HpcqError(`Cannot send ${path} to a worker: symbols cannot be copied`);
  if (value === null || typeof value !== 'object' || seen.has(value)) return false;
  seen.add(value);
  if (ArrayBuffer.isView(value)) return false;
  const proto = Object.getPrototypeOf(value);
  if (!CLONEABLE_PROTOS.has(proto) && !(value instanceof Error)) {
    throw new HpcqError(
      `Cannot send ${path} to a worker: it is ${describe(value)}; class instances lose their ` +
        `class, methods and private fields when copied. Pass plain data (objects, arrays, Map, Set, Date, typed arrays).`,
    );
  }
  let hasFn = false;
  if (value instanceof Map) {
    for (const [k, v] of value) hasFn = check(k, `${path} key`, seen) || check(v, `${path}.get(${String(k)})`, seen) || hasFn;
  } else if (value instanceof Set) {
    for (const v of value) hasFn = check(v, `${path} element`, seen) || hasFn;
  } else if (Array.isArray(value) || proto === Object.prototype || proto === null) {
    for (const [k, v] of Object.entries(value)) hasFn = check(v, `${path}.${k}`, seen) || hasFn;
  }
  return hasFn;
}

/**
 * The payload of a function job. Plain arguments travel by structured clone (typed arrays,
 * Map, Set, Date, BigInt survive); arguments holding functions go through serialize-javascript.
 */
export function createPayload(fn: Function, args: unknown[] | undefined): FunctionPayload {
  const src = functionSource(fn);
  if (!args || args.length === 0) return { src };
  if (!Array.isArray(args)) throw new HpcqError('args must be an array');
  const hasFn = check(args, 'args', new Set());
  return hasFn ? { src, ser: serialize(args, { unsafe: true }) } : { src, args };
}
