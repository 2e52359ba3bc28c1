/**
 * Splitting tabular scheduler output into rows keyed by column name, shared by every parser.
 * Handles `|`-delimited output (`-P`/`--parsable2`, and `--parsable` with its trailing `|`),
 * other one-character delimiters (0x1F, `☃`), and space-aligned tables with or without a
 * `----` ruler line. Column names are normalised so `JobID`, `JOBID`, `JOB_ID` and `Job id` match.
 */

/** One table row: normalised column name → every cell under that name, in column order. */
export type Row = Map<string, string[]>;

/** Delimiters seen in real output; the first one present in the header wins. */
const DELIMITERS = ['|', '\x1f', '\u2603', ';'];

/** Lower-case a column name and drop everything but letters and digits. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The first non-empty cell under any of the given (normalised) names. */
export function cell(row: Row, ...names: string[]): string | undefined {
  for (const name of names) {
    for (const value of row.get(name) ?? []) if (value !== '') return value;
  }
  return undefined;
}

/**
 * Non-empty lines of a text, with Windows line ends and trailing spaces removed.
 * (`trimEnd`, not `replace(/\s+$/)`: that regex retries at every space of a long run and is
 * quadratic in it.)
 */
export function contentLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .filter((l) => l !== '');
}

function toRow(names: string[], cells: string[]): Row {
  const row: Row = new Map();
  for (let i = 0; i < names.length; i++) {
    const value = (cells[i] ?? '').trim();
    const list = row.get(names[i]!);
    if (list) list.push(value);
    else row.set(names[i]!, [value]);
  }
  return row;
}

/** Which delimiter a header line uses, if any. */
export function detectDelimiter(line: string): string | undefined {
  return DELIMITERS.find((d) => line.includes(d));
}

/** Columns holding text a user chose (a job name may contain the delimiter). */
const FREE_TEXT = ['name', 'jobname'];

/**
 * Split a delimited line. `trailing`: the header ended with the delimiter (`--parsable`), so
 * every line does. Cells beyond the header's width come from a delimiter inside a job name:
 * they are joined back into that column, so a user's `a|b` name cannot shift the state column.
 */
function splitDelimited(line: string, delim: string, names: string[], trailing: boolean): string[] {
  const cells = line.split(delim);
  // `--parsable` ends every line with the delimiter: drop that one empty cell.
  if ((trailing || cells.length === names.length + 1) && cells.length > names.length && cells[cells.length - 1]!.trim() === '') cells.pop();
  const extra = cells.length - names.length;
  const free = names.findIndex((n) => FREE_TEXT.includes(n));
  if (extra > 0 && free >= 0) cells.splice(free, extra + 1, cells.slice(free, free + extra + 1).join(delim));
  return cells;
}

/**
 * Rows a newline inside a job name split in two: a line with too few cells is joined with the
 * next ones until it has as many as the header (the newline is kept in the name).
 */
function joinBrokenRows(lines: string[], delim: string, width: number): string[] {
  const out: string[] = [];
  let pending: string[] = [];
  // Cells so far: counted per line, so a long run of short lines stays linear.
  let cells = 0;
  for (const line of lines) {
    cells += count(line, delim) + (pending.length === 0 ? 1 : 0);
    pending.push(line);
    if (cells >= width) {
      out.push(pending.join('\n'));
      pending = [];
      cells = 0;
    }
  }
  if (pending.length) out.push(pending.join('\n'));
  return out;
}

/** How often `delim` occurs in `line`. */
function count(line: string, delim: string): number {
  let n = 0;
  for (let at = line.indexOf(delim); at >= 0; at = line.indexOf(delim, at + delim.length)) n++;
  return n;
}

/** Spans [start, end) of the dashes in a `---- ------` ruler line. */
function rulerSpans(ruler: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const re = /-+/g;
  for (let m = re.exec(ruler); m; m = re.exec(ruler)) spans.push([m.index, m.index + m[0].length]);
  return spans;
}

/** Split an aligned line on runs of spaces; the last column keeps the rest (reasons have spaces). */
function splitAligned(line: string, width: number): string[] {
  const words = line.trim().split(/\s+/);
  if (words.length <= width) return words;
  return [...words.slice(0, width - 1), words.slice(width - 1).join(' ')];
}

/**
 * Parse a table whose first content line is a header. `isHeader` decides whether that
 * line really names columns; when it does not, returns undefined so the caller can try
 * a headerless reading.
 */
export function parseTable(text: string, isHeader: (names: string[]) => boolean): Row[] | undefined {
  const lines = contentLines(text);
  if (lines.length === 0) return [];
  const head = lines[0]!;
  const delim = detectDelimiter(head);
  if (delim !== undefined) {
    const rawNames = head.split(delim);
    const trailing = rawNames.length > 1 && rawNames[rawNames.length - 1]!.trim() === '';
    if (trailing) rawNames.pop();
    const names = rawNames.map(normalizeName);
    if (!isHeader(names)) return undefined;
    // The first cell decides most rows without splitting the whole line.
    const rows = lines.slice(1).filter((l) => {
      const end = l.indexOf(delim);
      return normalizeName(end < 0 ? l : l.slice(0, end)) !== names[0] || !repeatsHeader(l.split(delim), names);
    });
    // Only a free-text column (a job name) can hold a newline: without one, a short row stays short.
    const joined = names.some((n) => FREE_TEXT.includes(n)) ? joinBrokenRows(rows, delim, names.length) : rows;
    return joined.map((l) => toRow(names, splitDelimited(l, delim, names, trailing)));
  }
  const names = head.trim().split(/\s+/).map(normalizeName);
  if (!isHeader(names)) return undefined;
  const second = lines[1];
  if (second !== undefined && isRuler(second)) {
    const spans = rulerSpans(second);
    return lines
      .slice(2)
      .filter((l) => !isRuler(l) && !repeatsHeader(l.trim().split(/\s+/), names))
      .map((l) => {
        const cells = spans.map(([s, e], i) => (i === spans.length - 1 ? l.slice(s) : l.slice(s, e)));
        return toRow(names, cells);
      });
  }
  return lines
    .slice(1)
    .filter((l) => !repeatsHeader(l.trim().split(/\s+/), names))
    .map((l) => toRow(names, splitAligned(l, names.length)));
}

/** A `---- ------` line (dashes and spaces only). */
function isRuler(line: string): boolean {
  return line.includes('-') && /^[\s-]+$/.test(line);
}

/**
 * Whether a row is the header again (`squeue --iterate`, outputs concatenated): read as data
 * it would invent a job, its `ST` or `TIME` column taken for a state.
 */
function repeatsHeader(cells: string[], names: string[]): boolean {
  // Most rows differ in their first cell: decide those without normalising every cell.
  if (cells.length < names.length || normalizeName(cells[0]!) !== names[0]) return false;
  const row = cells.map(normalizeName);
  // `--parsable` ends the header line with the delimiter too.
  if (row.length === names.length + 1 && row[row.length - 1] === '') row.pop();
  return row.length === names.length && row.every((c, i) => c === names[i]);
}

/**
 * Split a headerless line into cells on every delimiter it uses (custom formats mix them,
 * as in `%i|%E;%R`), or on spaces.
 */
export function splitHeaderless(line: string): string[] {
  const used = DELIMITERS.filter((d) => line.includes(d));
  if (used.length === 0) return line.trim().split(/\s+/);
  return used.reduce<string[]>((cells, d) => cells.flatMap((c) => c.split(d)), [line]).map((c) => c.trim());
}
