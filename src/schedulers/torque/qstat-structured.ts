/**
 * Structured qstat output: Torque's `qstat -x` XML (one line, or pretty-printed) and
 * PBS Pro's `qstat -f -F json`. Both are flattened to `parent.child` attribute keys.
 */
import { ParseError } from '../../errors.js';
import type { JobRecord } from '../../types.js';
import { pbsAttributesToRecord, type PbsAttributes } from './pbs-record.js';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+);/g, (_, e: string) =>
    e.startsWith('#') ? String.fromCharCode(Number(e.slice(1))) : ENTITIES[e]!,
  );
}

const TOKEN = /<(\/?)([A-Za-z_][\w.:-]*)[^>]*?(\/?)>|<\?[^>]*\?>|<!--[\s\S]*?-->|([^<]+)/g;

/**
 * Parse Torque XML (`<Data><Job>...</Job></Data>`). A small tokenizer is enough: qstat
 * writes no attributes, CDATA or mixed content. Unbalanced tags raise ParseError.
 */
export function parseQstatXml(text: string): JobRecord[] {
  const records: JobRecord[] = [];
  const stack: string[] = [];
  let attrs: PbsAttributes | undefined;
  let value = '';
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    const [, closing, tag, selfClosing, chars] = m;
    if (chars !== undefined) {
      value += chars;
      continue;
    }
    if (tag === undefined || selfClosing) continue;
    if (!closing) {
      stack.push(tag);
      value = '';
      if (tag === 'Job') attrs = new Map();
      continue;
    }
    if (stack.pop() !== tag) throw new ParseError(`Malformed qstat XML: unexpected </${tag}>`, text);
    if (tag === 'Job') {
      const id = attrs?.get('Job_Id');
      if (!id || !attrs) throw new ParseError('Malformed qstat XML: a <Job> without <Job_Id>', text);
      records.push(pbsAttributesToRecord(id, attrs, text));
      attrs = undefined;
    } else if (attrs && value.trim() !== '') {
      const path = stack.slice(stack.indexOf('Job') + 1);
      attrs.set([...path, tag].join('.'), decode(value.trim()));
    }
    value = '';
  }
  if (stack.length > 0) throw new ParseError(`Malformed qstat XML: <${stack[stack.length - 1]}> not closed`, text);
  return records;
}

function flatten(obj: Record<string, unknown>, prefix: string, out: PbsAttributes): PbsAttributes {
  for (const [key, value] of Object.entries(obj)) {
    // The environment is large and never needed.
    if (key === 'Variable_List') continue;
    if (value !== null && typeof value === 'object') flatten(value as Record<string, unknown>, `${prefix}${key}.`, out);
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
  const jobs = (data as { Jobs?: Record<string, Record<string, unknown>> }).Jobs ?? {};
  return Object.entries(jobs).map(([id, job]) => pbsAttributesToRecord(id, flatten(job, '', new Map()), text));
}
