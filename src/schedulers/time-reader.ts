/**
 * A parseTime for one parse, with a cache keyed by the cell's text. A listing repeats its
 * timestamps (a job's submit and start, every step of a job, jobs submitted together), and
 * reading one is most of a row's cost (`new Date(y, m, d, ...)` resolves the local time zone).
 */
import { parseTime } from './job-id.js';

/** Reads scheduler times as parseTime does; each call gives a Date of its own. */
export type TimeReader = (text: string | undefined) => Date | undefined;

/**
 * A reader whose cache lives as long as the reader: one per parse, so a change of time zone
 * (`process.env.TZ`) between two parses is seen, and the cache never outgrows one text.
 */
export function createTimeReader(): TimeReader {
  // The instant in ms, or NaN for text that is no time.
  const seen = new Map<string, number>();
  return (text) => {
    if (text === undefined) return undefined;
    const ms = seen.get(text);
    if (ms !== undefined) return Number.isNaN(ms) ? undefined : new Date(ms);
    const date = parseTime(text);
    seen.set(text, date === undefined ? NaN : date.getTime());
    return date;
  };
}
