/**
 * parseQstat: every qstat output hpcq may meet, told apart by its first characters:
 * Torque `qstat -x` XML, PBS Pro `-F json`, `qstat -f` text (with continuation lines),
 * and the default/alternate tables (which carry no exit status).
 */
import { ParseError } from '../../errors.js';
import type { JobRecord } from '../../types.js';
import { contentLines } from '../columns.js';
import { pbsAttributesToRecord, type PbsAttributes } from './pbs-record.js';
import { parseQstatJson, parseQstatXml } from './qstat-structured.js';

/**
 * `qstat -f` text: `Job Id: X` then `    key = value` lines. Long values wrap onto lines
 * starting with a TAB (some copies turn it into 8 spaces); the wrap may fall mid-word,
 * so continuation text is joined without a separator. Slurm's Torque wrapper indents its
 * attributes with a TAB and never wraps, so the first attribute line sets the indent.
 */
function parseFull(text: string): JobRecord[] {
  const records: JobRecord[] = [];
  let id: string | undefined;
  let attrs: PbsAttributes = new Map();
  let lastKey: string | undefined;
  let indent: string | undefined;
  const flush = () => {
    if (id !== undefined) records.push(pbsAttributesToRecord(id, attrs, text));
  };
  for (const line of text.split(/\r?\n/)) {
    const head = /^Job Id:\s*(\S+)/.exec(line);
    if (head) {
      flush();
      id = head[1]!;
      attrs = new Map();
      lastKey = undefined;
      indent = undefined;
      continue;
    }
    if (id === undefined || line.trim() === '') continue;
    const lead = /^\s*/.exec(line)![0];
    const kv = /^\s+(\S+) = ?(.*)$/.exec(line);
    indent ??= kv ? lead : undefined;
    if (kv && lead === indent) {
      lastKey = kv[1]!;
      attrs.set(lastKey, kv[2]!.trim());
    } else if (lastKey !== undefined && lead.length > 0) {
      attrs.set(lastKey, attrs.get(lastKey)! + line.trim());
    }
  }
  flush();
  return records;
}

/**
 * Default (`qstat`) and alternate (`qstat -a`, `-T`) tables: columns come from the `----`
 * ruler. Finished rows (C, F, X) say nothing about the exit status, so their state is
 * 'unknown' rather than a guessed success (see normalizePbsState).
 */
function parseTable(text: string): JobRecord[] {
  const lines = contentLines(text);
  const rulerAt = lines.findIndex(isRuler);
  if (rulerAt < 1) throw new ParseError('Cannot read qstat output: no XML, JSON, "Job Id:" record or table', text);
  const spans = [...lines[rulerAt]!.matchAll(/-+/g)].map((m) => [m.index!, m.index! + m[0].length] as const);
  const header = lines[rulerAt - 1]!;
  const names = spans.map(([s, e]) => header.slice(s, e).trim());
  const stateCol = names.lastIndexOf('S');
  if (stateCol < 0) throw new ParseError('Cannot read qstat table: no S (state) column', text);
  const nameCol = names.findIndex((n) => /^(Name|Jobname)$/i.test(n));
  const userCol = names.findIndex((n) => /^(User|Username)$/i.test(n));
  const queueCol = names.findIndex((n) => /^Queue$/i.test(n));
  // qstat over several servers repeats the server line, the header lines and the ruler per
  // server: those are not jobs.
  const preamble = new Set(lines.slice(0, rulerAt).map((l) => l.trim()));
  const rows = lines.slice(rulerAt + 1).filter((l) => !isRuler(l) && !preamble.has(l.trim()) && !/^\S+:$/.test(l.trim()));
  return rows.map((line) => {
    const words = line.trim().split(/\s+/);
    const cells = words.length === spans.length ? words : spans.map(([s, e]) => line.slice(s, e).trim());
    const attrs: PbsAttributes = new Map([['job_state', cells[stateCol] ?? '']]);
    if (nameCol >= 0) attrs.set('Job_Name', cells[nameCol]!);
    if (userCol >= 0) attrs.set('Job_Owner', cells[userCol]!);
    if (queueCol >= 0) attrs.set('queue', cells[queueCol]!);
    return pbsAttributesToRecord(cells[0] ?? '', attrs, text);
  });
}

/** A `---- ------` ruler line. */
function isRuler(line: string): boolean {
  return line.includes('-') && /^[\s-]+$/.test(line);
}

/** qstat's message for an id the server does not know (Torque adds `Error` since 5.x). */
const UNKNOWN_JOB = /^(?:qstat: )?Unknown Job Id(?: Error)?\b.*$/gim;

/**
 * Parse qstat output into records. "Unknown Job Id" (the job left the server) and an
 * empty listing give []; anything unreadable throws ParseError carrying the text.
 */
export function parseQstat(text: string): JobRecord[] {
  // With stderr merged, the unknown ids' messages sit beside the records of the known ones.
  const known = text.replace(UNKNOWN_JOB, '');
  const trimmed = known.trim();
  if (trimmed === '') return [];
  if (trimmed.startsWith('<')) return parseQstatXml(trimmed);
  if (trimmed.startsWith('{')) return parseQstatJson(trimmed);
  if (/^Job Id:/m.test(known)) return parseFull(known);
  return parseTable(known);
}
