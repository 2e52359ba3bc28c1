/**
 * Input mutations for parser fuzzing, driven by a seeded random source so that a run can be
 * repeated exactly: each one damages recorded scheduler output the way real output gets
 * damaged (lines lost, cut short, columns in another order, stray delimiters, huge lines,
 * NUL bytes, unicode) or builds random text from the characters parsers split on.
 */

/** A random source in [0, 1). */
export type Random = () => number;

/** Characters that mean something to one parser or another. */
const STRUCTURAL = ['|', '\x1f', ';', '\u2603', ' ', '\t', '\n', '\r\n', '=', ':', '<', '>', '/', '[', ']', '-', '_', '+', '.', '(', ')', '{', '}', '"', ',', '&', '#'];
const WORDS = [
  'JobId=', 'JobState=', 'JOBID', 'STATE', 'ST', 'TIME', 'Job Id:', 'job_state = ', 'exit_status = ', 'Exit_status = ',
  '<Job>', '</Job>', '<Job_Id>', '</Job_Id>', '<Data>', '</Data>', '<!--', '<?xml', '{"jobs":[', '{"Jobs":{', 'null',
  'RUNNING', 'PENDING', 'COMPLETED', 'FAILED', 'TIMEOUT', 'CANCELLED by 0', 'REQUEUED', 'PD', 'CD', 'R', 'Q', 'C', 'F', 'H',
  '0:15', '1:0', '-11', '271', '137', '-29', '12345', '12345_[1-3]', '12345.batch', '9[2].srv', 'n[1-4096]',
  'DependencyNeverSatisfied', 'Submitted batch job ', 'Unknown Job Id', '--------', '\u0000', '\ufffd', '\ud800', '\u202e', '😀',
];
const HUGE_UNITS = [' ', '|', 'a', '-', '<a', '[', '0', 'x=', '\u2603', ' \n', 'dependency ', '((', '&#1;'];

const int = (rand: Random, n: number) => Math.floor(rand() * n);
const pick = <T>(rand: Random, list: readonly T[]): T => list[int(rand, list.length)]!;

function insertAt(text: string, at: number, piece: string): string {
  return text.slice(0, at) + piece + text.slice(at);
}

/** The mutations, each a pure function of the text and the random source. */
const MUTATIONS: Record<string, (text: string, rand: Random) => string> = {
  dropLines: (t, rand) => t.split('\n').filter(() => rand() > 0.3).join('\n'),
  truncate: (t, rand) => t.slice(0, int(rand, t.length + 1)),
  swapColumns(t, rand) {
    const delim = pick(rand, ['|', '\x1f', ' ', '\u2603']);
    const lines = t.split('\n');
    const width = Math.max(...lines.map((l) => l.split(delim).length));
    const [a, b] = [int(rand, width), int(rand, width)];
    // Sometimes only the header moves, so names and cells disagree.
    const upto = rand() < 0.3 ? 1 : lines.length;
    return lines
      .map((l, i) => {
        if (i >= upto) return l;
        const cells = l.split(delim);
        if (a < cells.length && b < cells.length) [cells[a], cells[b]] = [cells[b]!, cells[a]!];
        return cells.join(delim);
      })
      .join('\n');
  },
  strayDelimiters(t, rand) {
    let out = t;
    for (let n = 1 + int(rand, 6); n > 0; n--) out = insertAt(out, int(rand, out.length + 1), pick(rand, STRUCTURAL));
    return out;
  },
  hugeLine(t, rand) {
    // Long enough to expose a scan per character (the time of it is bench/b8-parsers.mjs's business).
    const line = pick(rand, HUGE_UNITS).repeat(100 + int(rand, 1_500));
    return insertAt(t, int(rand, t.length + 1), rand() < 0.5 ? line : `\n${line}\n`);
  },
  nul: (t, rand) => insertAt(t, int(rand, t.length + 1), '\0'.repeat(1 + int(rand, 3))),
  unicode(t, rand) {
    const pieces = ['\u00e9', '\u0301', '\ufeff', '\ud83d', '\udca9', '😀', '\u202e', '\u2028', '\ufffd', 'ß', '字'];
    return insertAt(t, int(rand, t.length + 1), pick(rand, pieces).repeat(1 + int(rand, 4)));
  },
  repeatLine(t, rand) {
    const lines = t.split('\n');
    const i = int(rand, lines.length);
    // The first line is usually the header: repeating it among the rows is the interesting case.
    const line = lines[rand() < 0.5 ? 0 : i]!;
    lines.splice(int(rand, lines.length + 1), 0, line);
    return lines.join('\n');
  },
  word: (t, rand) => insertAt(t, int(rand, t.length + 1), pick(rand, WORDS)),
  replaceToken(t, rand) {
    const tokens = t.split(/(\s+|\|)/);
    if (tokens.length === 0) return t;
    tokens[int(rand, tokens.length)] = pick(rand, WORDS);
    return tokens.join('');
  },
};

/** Names of the mutations, for counting which ones ran. */
export const MUTATION_NAMES = Object.keys(MUTATIONS);

/** A few lines of a recording: its first line (usually the header) and a random run of rows. */
export function excerpt(text: string, rand: Random, maxLines = 6, maxChars = 1_200): string {
  const lines = text.split('\n');
  let out = text;
  if (lines.length > maxLines) {
    const start = 1 + int(rand, lines.length - maxLines);
    out = [lines[0], ...lines.slice(start, start + maxLines - 1)].join('\n');
  }
  // One-line XML and long wrapped records: mostly a window of them, sometimes the whole.
  if (out.length > maxChars && rand() < 0.8) {
    const from = rand() < 0.5 ? 0 : int(rand, out.length - maxChars);
    out = out.slice(from, from + maxChars);
  }
  return out;
}

/** Apply 1 to 3 random mutations; returns the text and the names applied. */
export function mutate(text: string, rand: Random): { text: string; applied: string[] } {
  let out = text;
  const applied: string[] = [];
  for (let n = 1 + int(rand, 3); n > 0; n--) {
    const name = pick(rand, MUTATION_NAMES);
    out = MUTATIONS[name]!(out, rand);
    applied.push(name);
  }
  return { text: out, applied };
}

/** Random text of structural characters and scheduler words, up to `max` pieces. */
export function randomText(rand: Random, max = 60): string {
  let out = '';
  for (let n = int(rand, max); n > 0; n--) out += rand() < 0.5 ? pick(rand, STRUCTURAL) : pick(rand, WORDS);
  return out;
}
