/**
 * Structured qstat output: Torque's `qstat -x` XML (one line, or pretty-printed) and
 * PBS Pro's `qstat -f -F json`. Both are flattened to `parent.child` attribute keys.
 */
import { ParseError } from '../../errors.js';
import type { JobRecord } from '../../types.js';
import { pbsAttributesToRecord, type PbsAttributes } from './pbs-record.js';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d{1,7});/g, (_, e: string) => {
    if (!e.startsWith('#')) return ENTITIES[e]!;
    const code = Number(e.slice(1));
    return code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
  });
}

/** Deeper than any qstat XML (Data > Job > Resource_List > nodes): deeper input is not qstat's. */
const MAX_DEPTH = 32;

/** One tag's text between `<` and `>`: a name, optional attributes, `/` when self-closing. */
const TAG = /^(\/?)([A-Za-z_][\w.:-]*)(?:\s[^<]*)?$/;

/** The markup at `lt` that carries no element (`<?xml ...?>`, `<!-- -->`, `<!DOCTYPE>`): where it ends. */
function skipMarkup(text: string, lt: number): number | undefined {
  const close = text.startsWith('<!--', lt) ? '-->' : text.startsWith('<?', lt) ? '?>' : text.startsWith('<!', lt) ? '>' : undefined;
  if (close === undefined) return undefined;
  const end = text.indexOf(close, lt + 2);
  if (end < 0) throw new ParseError('Malformed qstat XML: unclosed markup', text);
  return end + close.length;
}

/**
 * Parse Torque XML (`<Data><Job>...</Job></Data>`). A small scanner is enough: qstat writes
 * no attributes, CDATA or mixed content. It moves only forwards with indexOf, so it stays
 * linear whatever the input (a regex tokenizer rescans to the end after each stray `<`).
 * Unbalanced or malformed tags raise ParseError.
 */
export function parseQstatXml(text: string): JobRecord[] {
  const records: JobRecord[] = [];
  const stack: string[] = [];
  let jobDepth = -1;
  let attrs: PbsAttributes | undefined;
  let value = '';
  let pos = 0;
  while (pos < text.length) {
    const lt = text.indexOf('<', pos);
    if (lt < 0) {
      value += text.slice(pos);
      break;
    }
    value += text.slice(pos, lt);
    const skipped = skipMarkup(text, lt);
    if (skipped !== undefined) {
      pos = skipped;
      continue;
    }
    const gt = text.indexOf('>', lt);
    if (gt < 0) throw new ParseError('Malformed qstat XML: a tag without its ">"', text);
    pos = gt + 1;
    const inner = text.slice(lt + 1, gt);
    const selfClosing = inner.endsWith('/');
    const m = TAG.exec(selfClosing ? inner.slice(0, -1) : inner);
    if (!m) throw new ParseError(`Malformed qstat XML: <${inner.slice(0, 40)}>`, text);
    const [, closing, tag] = m as unknown as [string, string, string];
    if (selfClosing) continue;
    if (!closing) {
      if (stack.length >= MAX_DEPTH) throw new ParseError(`Malformed qstat XML: nested deeper than ${MAX_DEPTH}`, text);
      stack.push(tag);
      value = '';
      if (tag === 'Job') {
        if (attrs) throw new ParseError('Malformed qstat XML: a <Job> inside a <Job>', text);
        attrs = new Map();
        jobDepth = stack.length - 1;
      }
      continue;
    }
    if (stack.pop() !== tag) throw new ParseError(`Malformed qstat XML: unexpected </${tag}>`, text);
    if (attrs && stack.length === jobDepth) {
      const id = attrs.get('Job_Id');
      if (!id) throw new ParseError('Malformed qstat XML: a <Job> without <Job_Id>', text);
      records.push(pbsAttributesToRecord(id, attrs, text));
      attrs = undefined;
      jobDepth = -1;
    } else if (attrs && value.trim() !== '') {
      const path = stack.slice(jobDepth + 1);
      attrs.set([...path, tag].join('.'), decode(value.trim()));
    }
    value = '';
  }
  if (stack.length > 0) throw new ParseError(`Malformed qstat XML: <${stack[stack.length - 1]}> not closed`, text);
  return records;
}

function flatten(obj: Record<string, unknown>, prefix: string, out: PbsAttributes, text: string, depth = 0): PbsAttributes {
  // PBS Pro nests two levels (Resource_List.select); recursion on hostile nesting would overflow the stack.
  if (depth > MAX_DEPTH) throw new ParseError(`qstat JSON nested deeper than ${MAX_DEPTH}`, text);
  for (const [key, value] of Object.entries(obj)) {
    // The environment is large and never needed.
    if (key === 'Variable_List') continue;
    if (value !== null && typeof value === 'object') flatten(value as Record<string, unknown>, `${prefix}${key}.`, out, text, depth + 1);
    else if (value !== null && value !== undefined) out.set(`${prefix}${key}`, String(value));
  }
  return out;
}

/** Parse PBS Pro `qstat -f -F json` (`{"Jobs": {"1.pbs": {...}}}`; no `Jobs` key when empty). */
export function parseQstatJson(text: string): JobRecord[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ParseError(`Malformed qstat JSON: ${(err as Error).message}`, text);
  }
  if (data === null || typeof data !== 'object') throw new ParseError('qstat JSON is not an object', text);
  const jobs: unknown = (data as { Jobs?: unknown }).Jobs ?? {};
  if (jobs === null || typeof jobs !== 'object' || Array.isArray(jobs)) throw new ParseError('qstat JSON: "Jobs" is not an object', text);
  return Object.entries(jobs).map(([id, job]) => {
    if (job === null || typeof job !== 'object' || Array.isArray(job)) throw new ParseError(`qstat JSON: job ${id} is not an object`, text);
    return pbsAttributesToRecord(id, flatten(job as Record<string, unknown>, '', new Map(), text), text);
  });
}
