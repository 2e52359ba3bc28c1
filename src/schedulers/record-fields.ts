/** Filling optional JobRecord fields, shared by every parser. */
import type { JobRecord } from '../types.js';

/** Copy the defined values of `extra` onto `record` (optional fields stay absent, not undefined). */
export function assignDefined(record: JobRecord, extra: Partial<JobRecord>): void {
  const target = record as unknown as Record<string, unknown>;
  const source = extra as Record<string, unknown>;
  for (const key in source) if (source[key] !== undefined) target[key] = source[key];
}
