/** Filling optional JobRecord fields, shared by every parser. */
import type { JobRecord } from '../types.js';

/** Copy the defined values of `extra` onto `record` (optional fields stay absent, not undefined). */
export function assignDefined(record: JobRecord, extra: Partial<JobRecord>): void {
  for (const [key, value] of Object.entries(extra)) {
    if (value !== undefined) (record as unknown as Record<string, unknown>)[key] = value;
  }
}
