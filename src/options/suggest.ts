/** "Did you mean" for unknown option names: optimal string alignment distance. */

/** Edit distance with adjacent transpositions counted as one edit ('memroy' is 1 from 'memory'). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * Names close to `word` (case-insensitive), best first: within an edit distance of a third of
 * its length (at least 2), or starting with it. The caller adds the canonical name of a synonym.
 */
export function closestNames(word: string, names: readonly string[], max = 3): string[] {
  const w = word.toLowerCase();
  const limit = Math.max(2, Math.floor(w.length / 3));
  return names
    .map((name) => ({ name, dist: editDistance(w, name.toLowerCase()) }))
    .filter((c) => c.dist <= limit || (w.length >= 3 && c.name.toLowerCase().startsWith(w)))
    .sort((a, b) => a.dist - b.dist || a.name.localeCompare(b.name))
    .slice(0, max)
    .map((c) => c.name);
}
