/**
 * Job records made by a constructor, for speed, that are still plain objects. A parser makes
 * one record per row of a listing of tens of thousands of jobs, and how it makes them shows.
 */
import type { JobRecord } from '../types.js';

/** Fills `this` with a record's fields, each by a `this.field = ...` of its own. */
export type RecordInit<A extends unknown[]> = (this: JobRecord, ...args: A) => void;

/**
 * `init` as a constructor of plain records. V8 sizes the objects a constructor makes by the
 * `this.x =` assignments in its body, so every field sits in the object itself, while a literal
 * grown field by field reallocates its property store several times (about 3x slower per
 * record, measured on 50,000). With Object.prototype as its prototype, what it makes is a plain
 * object: the same prototype, `constructor`, keys in the same order, JSON and util.inspect
 * output as a literal. `init` must be a `function` (not an arrow or a method).
 */
export function plainRecordConstructor<A extends unknown[]>(init: RecordInit<A>): new (...args: A) => JobRecord {
  (init as unknown as { prototype: object }).prototype = Object.prototype;
  return init as unknown as new (...args: A) => JobRecord;
}
