/** Filling optional JobRecord fields, shared by every parser. */
import type { JobRecord } from '../types.js';

/** Copy the defined values of `extra` onto `record` (optional fields stay absent, not undefined). */
export function assignDefined(record: JobRecord, extra: Partial<JobRecord>): void {
  const target = record as unknown as Record<string, unknown>;
  const source = extra as Record<string, unknown>;
  for (const key in source) if (source[key] !== undefined) target[key] = source[key];
}

/** Set one optional field when its value is defined (assignDefined for one field, without an object to copy from). */
export function putDefined<K extends keyof JobRecord>(record: JobRecord, key: K, value: JobRecord[K] | undefined): void {
  if (value !== undefined) record[key] = value;
}
