/**
 * The items of `hpcq map --items FILE`: one item per line, or JSON lines. Which one is never
 * guessed from a line's content (a line `007` or `true` stays the text it is): JSON lines are
 * read with `--json-lines`, or when the file name ends in `.jsonl` / `.ndjson`.
 */
import { readFile } from 'node:fs/promises';
import { UsageError } from './parse.js';

/** How the items file is read. */
export interface ItemsSource {
  /** A path, or `-` for stdin. */
  path: string;
  /** Parse each line as JSON (objects give named fields `{field}` to the template). */
  jsonLines?: boolean;
}

/** Whether a file is JSON lines by its name (stdin never is, unless asked). */
export function isJsonLinesName(path: string): boolean {
  return /\.(jsonl|ndjson)$/i.test(path);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The items of a text: every non-blank line (a CRLF's `\r` dropped), as text or parsed as JSON.
 * Blank lines are skipped so that a trailing newline or a spacer line is not an empty item.
 * Every line that is not JSON is reported at once, by line number.
 */
export function parseItems(text: string, opts: { jsonLines?: boolean; what?: string } = {}): unknown[] {
  const what = opts.what ?? 'the items';
  const lines = text.split('\n').map((l, n) => ({ text: l.replace(/\r$/, ''), n: n + 1 })).filter((l) => l.text.trim() !== '');
  if (!opts.jsonLines) return lines.map((l) => l.text);
  const bad: string[] = [];
  const items = lines.map((l) => {
    try {
      return JSON.parse(l.text) as unknown;
    } catch (err) {
      bad.push(`  line ${l.n}: ${(err as Error).message}`);
      return undefined;
    }
  });
  if (bad.length > 0) throw new UsageError(`${what} are read as JSON lines, but ${bad.length} line(s) are not JSON:\n${bad.slice(0, 10).join('\n')}${bad.length > 10 ? `\n  ... and ${bad.length - 10} more` : ''}`);
  return items;
}

/** Read the items of a file or stdin; an empty source is refused (a map of nothing is a mistake). */
export async function readItems(source: ItemsSource, stdin: NodeJS.ReadableStream = process.stdin): Promise<unknown[]> {
  const fromStdin = source.path === '-';
  const what = fromStdin ? 'the items on stdin' : `the items of ${source.path}`;
  let text: string;
  try {
    text = fromStdin ? await readAll(stdin) : await readFile(source.path, 'utf8');
  } catch (err) {
    throw new UsageError(`--items ${source.path}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const jsonLines = source.jsonLines ?? (!fromStdin && isJsonLinesName(source.path));
  const items = parseItems(text, { jsonLines, what });
  if (items.length === 0) throw new UsageError(`--items ${source.path}: no items (${fromStdin ? 'stdin' : 'the file'} holds no non-blank line); give one item per line`);
  return items;
}
