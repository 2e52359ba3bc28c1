// The layout rule of map (src/api/map.ts): items per task, and as few arrays as the limit allows.
import { describe, expect, it } from 'vitest';
import { layoutMap } from '../../src/array/split.js';

const shape = (l: ReturnType<typeof layoutMap>) => l.parts.map((p) => [p.first, p.items, p.tasks, p.parallel, p.after]);

describe('layoutMap', () => {
  it('keeps the default to one array by raising the chunk just enough', () => {
    expect(layoutMap(10_000, {}, 1001)).toEqual({ chunk: 10, parts: [{ first: 0, items: 10_000, tasks: 1000 }] });
    expect(layoutMap(1001, {}, 1001).chunk).toBe(1);
    expect(layoutMap(5, {}).parts).toHaveLength(1);
  });

  it('splits a given chunk past the limit into as few arrays as fit, each full but the last', () => {
    const l = layoutMap(25, { chunk: 1 }, 10);
    expect(shape(l)).toEqual([[0, 10, 10, undefined, undefined], [10, 10, 10, undefined, undefined], [20, 5, 5, undefined, undefined]]);
    const c = layoutMap(25, { chunk: 2 }, 5);
    expect(c.chunk).toBe(2);
    expect(shape(c)).toEqual([[0, 10, 5, undefined, undefined], [10, 10, 5, undefined, undefined], [20, 5, 3, undefined, undefined]]);
  });

  it('takes arrayTasks: n as at most n tasks, and refuses chunk with it', () => {
    expect(layoutMap(10, { tasks: 4 })).toEqual({ chunk: 3, parts: [{ first: 0, items: 10, tasks: 4 }] });
    expect(layoutMap(10, { tasks: 20 }).chunk).toBe(1);
    expect(layoutMap(30, { tasks: 30 }, 10).parts.map((p) => p.tasks)).toEqual([10, 10, 10]);
    expect(() => layoutMap(10, { tasks: 2, chunk: 5 })).toThrow(/give chunk \(items per task\) or arrayTasks \(number of array tasks\), not both/);
  });

  it('shares parallel across the arrays so the whole map keeps to it', () => {
    // P >= arrays: each array gets its share, none waits.
    expect(shape(layoutMap(25, { chunk: 1, parallel: 5 }, 10)).map((s) => s.slice(3))).toEqual([[2, undefined], [2, undefined], [1, undefined]]);
    // P < arrays: P lanes of one task at a time; an array waits for the one before it in its lane.
    expect(shape(layoutMap(25, { chunk: 1, parallel: 2 }, 10)).map((s) => s.slice(3))).toEqual([[1, undefined], [1, undefined], [1, 0]]);
    expect(layoutMap(25, { chunk: 1, parallel: 3 }, 10).parts.reduce((n, p) => n + p.parallel!, 0)).toBe(3);
  });
});
