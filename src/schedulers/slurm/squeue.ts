/**
 * parseSqueue: squeue output in any column order (header names), `|`-delimited or aligned,
 * the default layout with `NODELIST(REASON)`, `-O`/`--Format` fixed width, and hpcq's own format.
 */
import type { JobRecord } from '../../types.js';
import { isJson, parseSlurmJson } from './slurm-json.js';
import { eachSlurmRow } from './slurm-rows.js';

/**
 * The squeue `-o` format hpcq requests: one `|`-separated line per job with a header, so
 * the same header-driven parser reads it. `%r` is the bare pending reason and `%N` the
 * node list (the default `%R` mixes both into one column).
 */
export const SQUEUE_FORMAT = '%i|%j|%u|%P|%T|%r|%N|%D|%C|%V|%S|%e';

/**
 * Parse squeue output into one record per line. Steps (`squeue -s`) are folded into their
 * job. Malformed input (no header and no state, or an unknown state) throws ParseError.
 */
export function parseSqueue(text: string): JobRecord[] {
  if (isJson(text)) return parseSlurmJson(text);
  const byId = new Map<string, JobRecord>();
  eachSlurmRow(text, 'squeue', ({ split }, record) => {
    // A step row only tells us its job runs; the job's own row, if present, says more.
    if (split.step !== undefined && byId.has(split.id)) return;
    byId.set(split.id, record());
  });
  return [...byId.values()];
}
