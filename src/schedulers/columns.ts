/**
 * Splitting tabular scheduler output into rows keyed by column name, shared by every parser.
 * Handles `|`-delimited output (`-P`/`--parsable2`, and `--parsable` with its trailing `|`),
 * other one-character delimiters (0x1F, `☃`), and space-aligned tables with or without a
 * `----` ruler line. Column names are normalised so `JobID`, `JOBID`, `JOB_ID` and `Job id` match.
 */

/** A table's columns: normalised name → the positions of the cells under it, in column order. */
export type Columns = ReadonlyMap<string, readonly number[]>;

/**
 * One table row: its cells as split (a cell is trimmed when read) and its table's columns.
 * Every row of a table shares one Columns, so a parser can resolve the positions of the names
 * it reads once per table instead of building a map per row.
 */
export interface Row {
  readonly cells: readonly string[];
  readonly columns: Columns;
}

/** Delimiters seen in real output; the first one present in the header wins. */
const DELIMITERS = ['|', '\x1f', '\u2603', ';'];

/** Lower-case a column name and drop everything but letters and digits. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Positions of the cells under any of the given (normalised) names, names in the order given. */
export function positions(columns: Columns, names: readonly string[]): number[] {
  return names.flatMap((name) => columns.get(name) ?? []);
}

/** The first non-empty cell (trimmed) at the given positions. */
export function cellAt(row: Row, at: readonly number[]): string | undefined {
  for (const i of at) {
    const value = row.cells[i]?.trim();
    if (value) return value;
  }
  return undefined;
}

/** The first non-empty cell under any of the given (normalised) names. */
export function cell(row: Row, ...names: string[]): string | undefined {
  return cellAt(row, positions(row.columns, names));
}

/**
 * Non-empty lines of a text, with Windows line ends and trailing spaces removed (`trimEnd`
 * drops a line's `\r` too). `trimEnd`, not `replace(/\s+$/)`: that regex retries at every
 * space of a long run and is quadratic in it.
 */
export function contentLines(text: string): string[] {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trimEnd();
    if (trimmed !== '') lines.push(trimmed);
  }
  return lines;
}

/** Names → their positions, shared by every row of the table. */
function columnsOf(names: readonly string[]): Columns {
  const columns = new Map<string, number[]>();
  names.forEach((name, i) => {
    const list = columns.get(name);
    if (list) list.push(i);
    else columns.set(name, [i]);
  });
  return columns;
}

/** Which delimiter a header line uses, if any. */
export function detectDelimiter(line: string): string | undefined {
  return DELIMITERS.find((d) => line.includes(d));
}

/** Columns holding text a user chose (a job name may contain the delimiter). */
const FREE_TEXT = ['name', 'jobname'];

/** How a delimited table's lines are split: what every row of one table shares. */
interface Delimited {
  delim: string;
  width: number;
  /** The header ended with the delimiter (`--parsable`), so every line does. */
  trailing: boolean;
  /** Position of the free-text column, or -1. */
  free: number;
}

/**
 * The cells of a delimited line, already split. Cells beyond the header's width come from a
 * delimiter inside a job name: they are joined back into that column, so a user's `a|b` name
 * cannot shift the state column.
 */
function delimitedCells(cells: string[], { delim, width, trailing, free }: Delimited): string[] {
  // `--parsable` ends every line with the delimiter: drop that one empty cell.
  if ((trailing || cells.length === width + 1) && cells.length > width && cells[cells.length - 1]!.trim() === '') cells.pop();
  const extra = cells.length - width;
  if (extra > 0 && free >= 0) cells.splice(free, extra + 1, cells.slice(free, free + extra + 1).join(delim));
  return cells;
}

/**
 * The cells of each row of a delimited table. A newline inside a job name splits a row in
 * two: when the table has a free-text column, a line with too few cells is joined with the
 * next ones until it has as many as the header (the newline is kept in the name). Each line
 * is split once; cells are counted per line, so a long run of short lines stays linear.
 */
function delimitedRows(lines: readonly string[], names: readonly string[], how: Delimited, visit: (cells: string[]) => void): void {
  let pending: string | undefined;
  let cells = 0;
  for (let k = 1; k < lines.length; k++) {
    const line = lines[k]!;
    const parts = line.split(how.delim);
    // The first cell rules out nearly every row before the whole line is compared.
    if (normalizesTo(parts[0]!, names[0]!) && repeatsHeader(parts, names)) continue;
    if (pending === undefined && (how.free < 0 || parts.length >= how.width)) {
      visit(delimitedCells(parts, how));
      continue;
    }
    cells += pending === undefined ? parts.length : parts.length - 1;
    pending = pending === undefined ? line : `${pending}\n${line}`;
    if (cells >= how.width) {
      visit(delimitedCells(pending.split(how.delim), how));
      pending = undefined;
      cells = 0;
    }
  }
  if (pending !== undefined) visit(delimitedCells(pending.split(how.delim), how));
}

/** Spans [start, end) of the dashes in a `---- ------` ruler line. */
function rulerSpans(ruler: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const re = /-+/g;
  for (let m = re.exec(ruler); m; m = re.exec(ruler)) spans.push([m.index, m.index + m[0].length]);
  return spans;
}

/** An aligned line's words; past `width`, the last column keeps the rest (reasons have spaces). */
function alignedCells(words: string[], width: number): string[] {
  if (words.length <= width) return words;
  return [...words.slice(0, width - 1), words.slice(width - 1).join(' ')];
}

/** The header line's names, split on its delimiter (without `--parsable`'s trailing one). */
function delimitedNames(head: string, delim: string): { names: string[]; trailing: boolean } {
  const rawNames = head.split(delim);
  const trailing = rawNames.length > 1 && rawNames[rawNames.length - 1]!.trim() === '';
  if (trailing) rawNames.pop();
  return { names: rawNames.map(normalizeName), trailing };
}

/** The cells of each row of a space-aligned table, cut at the ruler's spans when it has one. */
function alignedRows(lines: readonly string[], names: readonly string[], visit: (cells: string[]) => void): void {
  const second = lines[1];
  if (second === undefined || !isRuler(second)) {
    for (let k = 1; k < lines.length; k++) {
      const words = lines[k]!.trim().split(/\s+/);
      if (!repeatsHeader(words, names)) visit(alignedCells(words, names.length));
    }
    return;
  }
  const spans = rulerSpans(second);
  const last = spans.length - 1;
  for (let k = 2; k < lines.length; k++) {
    const l = lines[k]!;
    if (isRuler(l) || (firstWordIs(l, names[0]!) && repeatsHeader(l.trim().split(/\s+/), names))) continue;
    const cells = new Array<string>(spans.length);
    for (let i = 0; i < last; i++) cells[i] = l.slice(spans[i]![0], spans[i]![1]);
    if (last >= 0) cells[last] = l.slice(spans[last]![0]);
    visit(cells);
  }
}

/**
 * Read a table whose first content line is a header, handing each row to `visit` as it is
 * split (so a row is garbage by the time the next one is read, not kept for the whole parse).
 * `isHeader` decides whether that line really names columns; when it does not, returns false
 * (nothing visited) so the caller can try a headerless reading.
 */
export function eachTableRow(text: string, isHeader: (names: string[]) => boolean, visit: (row: Row) => void): boolean {
  const lines = contentLines(text);
  if (lines.length === 0) return true;
  const head = lines[0]!;
  const delim = detectDelimiter(head);
  const { names, trailing } = delim !== undefined ? delimitedNames(head, delim) : { names: head.trim().split(/\s+/).map(normalizeName), trailing: false };
  if (!isHeader(names)) return false;
  const columns = columnsOf(names);
  const toRow = (cells: string[]) => visit({ cells, columns });
  if (delim === undefined) alignedRows(lines, names, toRow);
  else delimitedRows(lines, names, { delim, width: names.length, trailing, free: names.findIndex((n) => FREE_TEXT.includes(n)) }, toRow);
  return true;
}

/** A `---- ------` line (dashes and spaces only). */
function isRuler(line: string): boolean {
  // A data row starts with its id: decided by its first character, without the regex.
  if (startsPlainWord(line)) return false;
  return line.includes('-') && /^[\s-]+$/.test(line);
}

/** Whether `line` starts with an ASCII letter or digit (after no space: neither a ruler nor indented). */
function startsPlainWord(line: string): boolean {
  const c = line.charCodeAt(0) | 32;
  return (c >= 97 && c <= 122) || (line.charCodeAt(0) >= 48 && line.charCodeAt(0) <= 57);
}

/** Whether `text` normalises to `name` (normalizeName's answer, without building its string). */
function normalizesTo(text: string, name: string): boolean {
  let j = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Past ASCII, lower-casing may make a letter (U+212A KELVIN SIGN → k): normalizeName decides.
    if (c >= 128) return normalizeName(text) === name;
    const lower = c >= 65 && c <= 90 ? c + 32 : c;
    if ((lower >= 97 && lower <= 122) || (lower >= 48 && lower <= 57)) {
      if (name.charCodeAt(j) !== lower) return false;
      j++;
    }
  }
  return j === name.length;
}

/** Whether a line's first word (as `trim().split(/\s+/)` gives it) normalises to `name`. */
function firstWordIs(line: string, name: string): boolean {
  // A word starting with a letter or digit normalises to a name starting with it, lower-cased:
  // nearly every data row is ruled out by that one character.
  if (startsPlainWord(line) && (line.charCodeAt(0) | 32) !== (name.charCodeAt(0) | 32)) return false;
  const word = /\S+/.exec(line);
  return word !== null && normalizesTo(word[0], name);
}

/**
 * Whether a row is the header again (`squeue --iterate`, outputs concatenated): read as data
 * it would invent a job, its `ST` or `TIME` column taken for a state.
 */
function repeatsHeader(cells: readonly string[], names: readonly string[]): boolean {
  // Most rows differ in their first cell: decide those without normalising every cell.
  if (cells.length < names.length || !normalizesTo(cells[0]!, names[0]!)) return false;
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
