/**
 * Values a careless or hostile caller can pass where an option is expected: wrong types,
 * negative and absurd numbers, NaN, huge strings, cyclic and null-prototype objects, BigInts,
 * Symbols, functions and Proxies whose traps throw. Each comes with a plain-text label.
 */

/** A deterministic pseudo-random generator (mulberry32), so a failing case can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function objects(): Array<[string, unknown]> {
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  const cyclicList: unknown[] = [1];
  cyclicList.push(cyclicList);
  const getter = Object.defineProperty({}, 'id', { enumerable: true, get: () => { throw new Error('getter trap'); } });
  const noString = { toString: () => { throw new Error('toString trap'); }, valueOf: () => { throw new Error('valueOf trap'); } };
  const revocable = Proxy.revocable({}, {});
  revocable.revoke();
  const trap = (): never => { throw new Error('proxy trap'); };
  const hostile = new Proxy({}, { get: trap, has: trap, ownKeys: trap, getPrototypeOf: trap, getOwnPropertyDescriptor: trap });
  return [
    ['empty object', {}], ['cyclic object', cyclic], ['cyclic array', cyclicList],
    ['null-prototype object', Object.create(null)], ['null-prototype object with a key', Object.assign(Object.create(null), { x: 1 })],
    ['throwing getter', getter], ['throwing toString', noString], ['revoked proxy', revocable.proxy], ['throwing proxy', hostile],
    ['invalid Date', new Date(NaN)], ['RegExp', /x/], ['Map', new Map([[1, 2]])], ['Set', new Set([1])], ['Promise', Promise.resolve(1)],
    ['Error', new Error('e')], ['object with a Symbol id', { id: Symbol('id') }], ['object with a BigInt', { a: 1n }],
    ['Uint8Array', new Uint8Array(3)], ['Buffer', Buffer.from('x')], ['WeakMap', new WeakMap()],
    ['empty array', []], ['array of nullish', [null, undefined]], ['nested array', [[[[1]]]]], ['array with a Symbol', [Symbol('x')]],
    ['array with a BigInt', [1n]], ['sparse array', new Array(5)], ['huge array', new Array(100_000).fill('a')],
  ];
}

function scalars(): Array<[string, unknown]> {
  return [
    ['-1', -1], ['0', 0], ['-0', -0], ['1.5', 1.5], ['NaN', NaN], ['Infinity', Infinity], ['-Infinity', -Infinity],
    ['1e308', 1e308], ['2^53+2', 2 ** 53 + 2], ['MAX_VALUE', Number.MAX_VALUE], ['MIN_VALUE', Number.MIN_VALUE],
    ['BigInt', 10n], ['huge BigInt', 2n ** 200n], ['Symbol', Symbol('s')], ['Symbol.iterator', Symbol.iterator],
    ['arrow function', () => 1], ['class', class Sample {}], ['null', null], ['true', true], ['false', false],
    ['empty string', ''], ['blank string', '   '], ['NUL', 'a\0b'], ['newline', 'a\nb'], ['CR', 'a\rb'],
    ['unicode', 'ünï😀'], ['huge string', 'x'.repeat(200_000)], ['400 nines', '9'.repeat(400)], ["'NaN'", 'NaN'],
    ["'-5'", '-5'], ["'1e400'", '1e400'], ["'0x10'", '0x10'], ['command substitution', '$(touch /nonexistent/hpcq-marker)'],
  ];
}

/** Every hostile value, with its label. */
export function hostileValues(): Array<[string, unknown]> {
  return [...scalars(), ...objects()];
}

/** Misspellings of an option name: a letter dropped, two swapped, one added, upper case. */
export function misspellings(name: string): string[] {
  const out = new Set<string>();
  if (name.length > 2) out.add(name.slice(0, 1) + name.slice(2));
  if (name.length > 3) out.add(name.slice(0, 1) + name[2] + name[1] + name.slice(3));
  out.add(`${name}x`);
  out.add(`${name}s_`);
  return [...out].filter((s) => s !== name);
}

/** Keys that are never options: prototype names, blanks, control characters, a huge key. */
export const ODD_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', ' ', '\0', 'a\nb', '💥', 'x'.repeat(10_000), 'cores ', '-cores', 'CORES'];
