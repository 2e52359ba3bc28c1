/**
 * Tagged JSON: how function arguments and results travel as data. Plain JSON values stay as
 * they are; everything else becomes `{ "$t": tag, ... }`:
 *   undefined, NaN/±Infinity/-0, BigInt, Date, Map, Set, RegExp, Error, typed arrays, Buffer,
 *   DataView, ArrayBuffer, sparse-array holes, and objects that own a `$t` key (escaped).
 * Decisions: cyclic structures are refused with a TypeError naming the path; shared references
 * are copied; class instances become plain objects (own enumerable keys) unless `strict` refuses
 * them; functions and symbols are refused unless an `encodeFunction` hook is given (the submit
 * side uses it for function arguments, the compute node never does).
 * Decoding never evaluates code: a `function` tag is refused unless a `reviveFunction` hook is
 * given, which only the generated runner does (running the user's code is its purpose).
 *
 * Both functions are standalone (no imports, no outer variables) because the runner embeds
 * their source text via Function.prototype.toString.
 */

/** Options of `encodeTagged`. */
export interface EncodeOptions {
  /** Turn a function into source text (tag `function`); without it, functions are refused. */
  encodeFunction?: (fn: Function, path: string) => string;
  /** Refuse class instances instead of sending their own keys as a plain object. */
  strict?: boolean;
}

/** Encode a value into JSON-compatible tagged data (see the file comment). */
export function encodeTagged(root: unknown, options?: EncodeOptions): unknown {
  const opts = options || {};
  const typed = ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array', 'Buffer', 'DataView'];
  const seen: unknown[] = [];
  const bytes = (b: ArrayBufferView | ArrayBuffer): string =>
    ArrayBuffer.isView(b) ? Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64') : Buffer.from(b).toString('base64');
  const put = (obj: Record<string, unknown>, key: string, value: unknown): void => {
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  };
  const enc = (v: unknown, path: string): unknown => {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
    if (v === undefined) return { $t: 'undefined' };
    if (typeof v === 'number') {
      if (Number.isNaN(v) || v === Infinity || v === -Infinity) return { $t: 'number', v: String(v) };
      return Object.is(v, -0) ? { $t: 'number', v: '-0' } : v;
    }
    if (typeof v === 'bigint') return { $t: 'bigint', v: v.toString() };
    if (typeof v === 'function') {
      if (opts.encodeFunction) return { $t: 'function', v: opts.encodeFunction(v, path) };
      throw new TypeError(`a function at ${path} cannot be sent as data`);
    }
    if (typeof v !== 'object') throw new TypeError(`a ${typeof v} at ${path} cannot be sent as data`);
    if (seen.includes(v)) throw new TypeError(`a cyclic reference at ${path} cannot be sent as data`);
    seen.push(v);
    try {
      if (Array.isArray(v)) {
        const out: unknown[] = [];
        for (let i = 0; i < v.length; i++) out.push(i in v ? enc(v[i], `${path}[${i}]`) : { $t: 'hole' });
        return out;
      }
      if (v instanceof Date) return { $t: 'date', v: Number.isNaN(v.getTime()) ? null : v.toISOString() };
      if (v instanceof Map) return { $t: 'map', v: [...v].map(([k, x], i) => [enc(k, `${path}<key ${i}>`), enc(x, `${path}<value ${i}>`)]) };
      if (v instanceof Set) return { $t: 'set', v: [...v].map((x, i) => enc(x, `${path}<item ${i}>`)) };
      if (v instanceof RegExp) return { $t: 'regexp', source: v.source, flags: v.flags };
      if (v instanceof Error) return { $t: 'error', name: v.name, message: v.message, stack: v.stack };
      if (v instanceof ArrayBuffer) return { $t: 'arraybuffer', v: bytes(v) };
      if (ArrayBuffer.isView(v)) {
        const type = v.constructor.name;
        if (!typed.includes(type)) throw new TypeError(`a ${type} at ${path} cannot be sent as data`);
        return { $t: 'typed', type, v: bytes(v) };
      }
      const proto = Object.getPrototypeOf(v);
      if (opts.strict && proto !== Object.prototype && proto !== null) {
        const cls = (proto && proto.constructor && proto.constructor.name) || 'unknown class';
        throw new TypeError(`an instance of ${cls} at ${path} cannot be sent: its prototype and private fields would be lost; pass plain data`);
      }
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v)) put(out, key, enc((v as Record<string, unknown>)[key], `${path}.${key}`));
      return Object.prototype.hasOwnProperty.call(out, '$t') ? { $t: 'object', v: out } : out;
    } finally {
      seen.pop();
    }
  };
  return enc(root, '$');
}

/** Decode tagged data (see `encodeTagged`). Unknown tags throw; code is never evaluated unless `reviveFunction` is given. */
export function decodeTagged(root: unknown, reviveFunction?: (source: string) => unknown): unknown {
  const typed = ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array', 'Buffer', 'DataView'];
  const fresh = (b64: unknown): ArrayBuffer => {
    const buf = Buffer.from(String(b64), 'base64');
    return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  };
  const plain = (o: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(o)) Object.defineProperty(out, key, { value: dec(o[key]), enumerable: true, writable: true, configurable: true });
    return out;
  };
  const dec = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) {
      const out: unknown[] = new Array(v.length);
      v.forEach((x, i) => {
        if (!(x && typeof x === 'object' && (x as { $t?: unknown }).$t === 'hole')) out[i] = dec(x);
      });
      return out;
    }
    const o = v as Record<string, unknown>;
    if (!Object.prototype.hasOwnProperty.call(o, '$t')) return plain(o);
    switch (o.$t) {
      case 'undefined': return undefined;
      case 'number': return o.v === '-0' ? -0 : Number(o.v);
      case 'bigint': return BigInt(String(o.v));
      case 'date': return new Date(o.v === null ? NaN : String(o.v));
      case 'map': return new Map((o.v as [unknown, unknown][]).map(([k, x]) => [dec(k), dec(x)]));
      case 'set': return new Set((o.v as unknown[]).map(dec));
      case 'regexp': return new RegExp(String(o.source), String(o.flags));
      case 'arraybuffer': return fresh(o.v);
      case 'object': return plain(o.v as Record<string, unknown>);
      case 'error': {
        const err = new Error(String(o.message));
        err.name = String(o.name);
        if (o.stack !== undefined) err.stack = String(o.stack);
        return err;
      }
      case 'typed': {
        const type = String(o.type);
        if (!typed.includes(type)) throw new TypeError(`unknown typed array type ${type}`);
        if (type === 'Buffer') return Buffer.from(String(o.v), 'base64');
        const Ctor = (globalThis as unknown as Record<string, new (b: ArrayBuffer) => unknown>)[type]!;
        return new Ctor(fresh(o.v));
      }
      case 'function':
        if (reviveFunction) return reviveFunction(String(o.v));
        throw new TypeError('the data holds a function; hpcq never evaluates code while reading a result');
      default:
        throw new TypeError(`unknown tag ${JSON.stringify(o.$t)}`);
    }
  };
  return dec(root);
}
