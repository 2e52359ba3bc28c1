/**
 * Function payloads. The input (`<name>_func.<suffix>.input.json`) holds the function's source,
 * made by serialize-javascript, and its arguments as tagged JSON (functions among the arguments
 * also as serialize-javascript source). The output (`...output.json`) holds the result as tagged
 * JSON or the thrown error as { name, message, stack }. Reading an output never evaluates code.
 */
import serialize from 'serialize-javascript';
import { HpcqError, ParseError, type RemoteErrorInfo } from '../errors.js';
import { decodeTagged, encodeTagged } from './codec.js';

/** What a function job left behind: its value, or the error it threw. */
export type FunctionOutcome = { ok: true; value: unknown } | { ok: false; error: RemoteErrorInfo };

/** Serialise a function, refusing those whose source cannot be sent (bound, native, class methods without source). */
export function functionSource(fn: Function, what = 'the function'): string {
  const text = Function.prototype.toString.call(fn);
  if (/\{\s*\[native code\]\s*\}\s*$/.test(text)) {
    throw new HpcqError(
      `Cannot send ${what} (${fn.name || 'anonymous'}) to a job: it is a native or bound function, whose source is not available. ` +
        'Wrap it in a plain function that does the work, e.g. (...a) => target(...a) written out in full.',
    );
  }
  if (/^class[\s{]/.test(text)) throw new HpcqError(`Cannot send ${what}: it is a class, not a function`);
  return serialize(fn);
}

/** The input payload's text for `fn(...args)`; throws HpcqError for anything that cannot travel. */
export function renderInput(fn: Function, args: readonly unknown[]): string {
  const source = functionSource(fn);
  let encodedArgs: unknown;
  try {
    encodedArgs = encodeTagged([...args], {
      strict: true,
      encodeFunction: (f, path) => functionSource(f, `the function argument at ${path.replace(/^\$/, 'args')}`),
    });
  } catch (err) {
    if (err instanceof HpcqError) throw err;
    throw new HpcqError(`Cannot send the arguments of ${fn.name || 'the function'}: ${(err as Error).message.replace(/\$/, 'args')}`);
  }
  return `${JSON.stringify({ hpcq: 'input', version: 1, fn: source, args: encodedArgs })}\n`;
}

function isErrorInfo(x: unknown): x is RemoteErrorInfo {
  return !!x && typeof x === 'object' && typeof (x as RemoteErrorInfo).name === 'string' && typeof (x as RemoteErrorInfo).message === 'string';
}

/** Parse an output payload. Throws ParseError when the text is not an hpcq output. */
export function parseOutput(text: string): FunctionOutcome {
  let data: { hpcq?: unknown; ok?: unknown; value?: unknown; error?: unknown };
  try {
    data = JSON.parse(text) as typeof data;
  } catch (err) {
    throw new ParseError(`Function result is not JSON: ${(err as Error).message}`, text);
  }
  if (!data || data.hpcq !== 'output') throw new ParseError('Function result is not an hpcq output payload', text);
  if (data.ok === false) {
    if (!isErrorInfo(data.error)) throw new ParseError('Function error payload lacks name and message', text);
    const { name, message, stack } = data.error;
    return { ok: false, error: { name, message, ...(typeof stack === 'string' ? { stack } : {}) } };
  }
  try {
    return { ok: true, value: decodeTagged(data.value) };
  } catch (err) {
    throw new ParseError(`Function result cannot be decoded: ${(err as Error).message}`, text);
  }
}

/** One item's outcome in a map task's output payload. */
export type ItemOutcome = FunctionOutcome & { index: number };

/**
 * The one input payload of a function `map`: the function once and every item, as tagged JSON.
 * Each array task reads it and runs items `[task * chunk, (task + 1) * chunk)`; `indices` (a retry)
 * gives each item the index it had in the first map.
 */
export function renderItemsInput(fn: Function, items: readonly unknown[], chunk: number, indices?: readonly number[]): string {
  const source = functionSource(fn);
  let encoded: unknown;
  try {
    encoded = encodeTagged([...items], { strict: true, encodeFunction: (f, path) => functionSource(f, `the function in item ${path.replace(/^\$/, 'items')}`) });
  } catch (err) {
    if (err instanceof HpcqError) throw err;
    throw new HpcqError(`Cannot send the items of ${fn.name || 'the function'}: ${(err as Error).message.replace(/\$/, 'items')}`);
  }
  return `${JSON.stringify({ hpcq: 'input', version: 1, fn: source, items: encoded, chunk, ...(indices ? { indices } : {}) })}\n`;
}

/** Parse a map task's output payload: each of its items' outcomes. Throws ParseError when it is not one. */
export function parseItemsOutput(text: string): ItemOutcome[] {
  let data: { hpcq?: unknown; items?: unknown };
  try {
    data = JSON.parse(text) as typeof data;
  } catch (err) {
    throw new ParseError(`Map task result is not JSON: ${(err as Error).message}`, text);
  }
  if (!data || data.hpcq !== 'output') throw new ParseError('Map task result is not an hpcq output payload', text);
  // The runner failed before any item ran (unreadable input): no per-item outcomes.
  if (!Array.isArray(data.items)) return [];
  return data.items.map((raw: { index?: unknown; ok?: unknown; value?: unknown; error?: unknown }) => {
    const index = Number(raw.index);
    if (raw.ok === false) {
      if (!isErrorInfo(raw.error)) throw new ParseError('Map item error lacks name and message', text);
      const { name, message, stack } = raw.error;
      return { index, ok: false, error: { name, message, ...(typeof stack === 'string' ? { stack } : {}) } };
    }
    return { index, ok: true, value: decodeTagged(raw.value) };
  });
}
