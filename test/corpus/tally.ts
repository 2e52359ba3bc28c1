/**
 * Outcome bookkeeping for the bad-input corpus: every case either succeeds or throws an
 * HpcqError with a message; anything else is a crash, and a case that does not settle within
 * its time limit is a hang. The counts are printed so a run shows what it covered.
 */
import { HpcqError } from '../../src/errors.js';

/** Counts of one corpus, plus the labels of the cases that went wrong. */
export interface Tally {
  cases: number;
  accepted: number;
  typed: number;
  crashes: string[];
  hangs: string[];
}

export function createTally(): Tally {
  return { cases: 0, accepted: 0, typed: 0, crashes: [], hangs: [] };
}

const HANG = Symbol('hang');

/** Why an error does not count as typed, or undefined when it does. */
function untyped(err: unknown): string | undefined {
  if (!(err instanceof HpcqError)) {
    const name = err instanceof Error ? `${err.name}: ${err.message}` : typeof err;
    return name.slice(0, 300);
  }
  return typeof err.message === 'string' && err.message.trim() !== '' ? undefined : `${err.name} without a message`;
}

/**
 * Run one case with a time limit. Resolves to what `fn` returned (undefined when it threw);
 * the label is built by the caller from plain text so that reporting never depends on the
 * code under test.
 */
export async function runCase<T>(tally: Tally, label: string, fn: () => T | Promise<T>, limitMs = 5000): Promise<T | undefined> {
  tally.cases++;
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(HANG), limitMs)));
  try {
    const out = await Promise.race([Promise.resolve().then(fn), limit]);
    tally.accepted++;
    return out;
  } catch (err) {
    if (err === HANG) tally.hangs.push(label);
    else {
      const why = untyped(err);
      if (why) tally.crashes.push(`${label}: ${why}`);
      else tally.typed++;
    }
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/** One line with the counts, for the test output. */
export function summary(name: string, t: Tally, extra = ''): string {
  return `${name}: ${t.cases} cases, ${t.accepted} accepted, ${t.typed} typed errors, ${t.crashes.length} crashes, ${t.hangs.length} hangs${extra}`;
}
