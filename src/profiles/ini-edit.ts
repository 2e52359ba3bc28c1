/**
 * A line-preserving INI editor. The `ini` package reads the file; edits are made on its lines,
 * so every line hpcq was not asked to change (comments, blank lines, other sections, lines the
 * parser cannot make sense of) stays byte for byte. After an edit the new text is read back
 * with `ini` and compared with what the edit meant; when they differ (duplicate sections,
 * dotted names, a stray line in the edited section) the edit is refused, never guessed.
 */
import { isDeepStrictEqual } from 'node:util';
import { decode, encode } from 'ini';
import { ProfileError } from '../errors.js';

/** One edit: set keys of a section (undefined removes the key), or remove a whole section. */
export type IniEdit =
  | { kind: 'set'; section: string; values: Record<string, unknown> }
  | { kind: 'delete-section'; section: string };

// The `ini` package's own line pattern: a header, or `key` with an optional `= value`.
const LINE = /^\[([^\]]*)\]\s*$|^([^=]+)(=(.*))?$/;

interface Line {
  text: string;
  /** Section the line belongs to (null before the first header). */
  section: string | null;
  /** Header name for a header line. */
  header?: string;
  /** Key (without `[]`) for a key line. */
  key?: string;
  /** A key line without `=`: `ini` reads it as `key = true`, which is rarely what the user meant. */
  bare?: boolean;
}

/** Read text as plain objects (ini returns null-prototype ones). */
export function decodePlain(text: string): Record<string, unknown> {
  return JSON.parse(JSON.stringify(decode(text))) as Record<string, unknown>;
}

function splitLines(source: string): Line[] {
  const out: Line[] = [];
  let section: string | null = null;
  for (const text of source.split(/(?<=\n)/)) {
    const body = text.replace(/\r?\n$/, '');
    const m = /^\s*([;#]|$)/.test(body) ? null : LINE.exec(body);
    if (m?.[1] !== undefined) {
      section = m[1].trim();
      out.push({ text, section, header: section });
    } else if (m) {
      // Let ini name the key, so quoting and `key[]` follow its rules exactly.
      const key = Object.keys(decode(body))[0];
      out.push({ text, section, ...(key === undefined ? {} : { key }), bare: m[3] === undefined });
    } else {
      out.push({ text, section });
    }
  }
  return out;
}

/** The lines `ini` writes for one key (none for undefined). */
function keyLines(key: string, value: unknown, eol: string): string[] {
  if (value === undefined) return [];
  return encode({ [key]: value }, { whitespace: true }).split('\n').filter(Boolean).map((l) => l + eol);
}

function setKeys(lines: Line[], section: string, values: Record<string, unknown>, eol: string): Line[] {
  const out = [...lines];
  for (const [key, value] of Object.entries(values)) {
    const fresh = keyLines(key, value, eol).map((text): Line => ({ text, section, key }));
    const at = out.findIndex((l) => l.section === section && l.key === key);
    if (at >= 0) {
      // Every line of the key goes (an array has one per item); the new ones take the first one's place.
      const rest = out.filter((l, i) => i <= at || !(l.section === section && l.key === key));
      rest.splice(at, 1, ...fresh);
      out.splice(0, out.length, ...rest);
      continue;
    }
    if (fresh.length === 0) continue;
    const last = out.findLastIndex((l) => l.section === section && (l.key !== undefined || l.header !== undefined));
    if (last >= 0) {
      out.splice(last + 1, 0, ...fresh);
    } else {
      if (out.length > 0 && !out[out.length - 1]!.text.endsWith('\n')) out[out.length - 1]!.text += eol;
      const gap = out.length > 0 && out[out.length - 1]!.text.trim() !== '' ? [{ text: eol, section: null }] : [];
      out.push(...gap, { text: `[${section}]${eol}`, section, header: section }, ...fresh);
    }
  }
  return out;
}

/** What the edit means for the parsed file; the edited text must read back to exactly this. */
function intended(before: Record<string, unknown>, edit: IniEdit): Record<string, unknown> {
  const data = structuredClone(before);
  if (edit.kind === 'delete-section') {
    delete data[edit.section];
    return data;
  }
  const section = { ...((data[edit.section] as Record<string, unknown> | undefined) ?? {}) };
  for (const [key, value] of Object.entries(edit.values)) {
    if (value === undefined) delete section[key];
    else section[key] = decodePlain(encode({ [key]: value }))[key];
  }
  if (Object.keys(section).length > 0 || edit.section in data) data[edit.section] = section;
  return data;
}

/**
 * Apply an edit to INI text, changing only the lines of the keys (or the headers of the
 * section) concerned. `where` names the file in errors. Throws ProfileError when the result
 * would not read back as intended, or when the edited section holds a line without `=`.
 */
export function editIni(text: string, edit: IniEdit, where: string): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let lines = splitLines(text);
  const bare = lines.findIndex((l) => l.section === edit.section && l.bare);
  if (bare >= 0) {
    throw new ProfileError(`Not editing ${where}: line ${bare + 1} ('${lines[bare]!.text.trim()}') in [${edit.section}] is not 'key = value'; fix or remove it first`);
  }
  if (edit.kind === 'delete-section') {
    // Headers and keys go; comments and blank lines stay (they carry no settings).
    lines = lines.filter((l) => l.section !== edit.section || (l.key === undefined && l.header === undefined));
  } else {
    lines = setKeys(lines, edit.section, edit.values, eol);
  }
  const result = lines.map((l) => l.text).join('');
  if (!isDeepStrictEqual(decodePlain(result), intended(decodePlain(text), edit))) {
    throw new ProfileError(`Not editing ${where}: [${edit.section}] is written in a way hpcq cannot change without changing other settings (a repeated or dotted section?); edit it by hand`);
  }
  return result;
}
