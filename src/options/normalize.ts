/**
 * checkOptions: resolve synonyms, coerce by type, validate, and report every problem at once.
 * Works in two steps so that profiles can be merged between them: `collectLayer` maps the
 * keys of one source (a profile, the call) to canonical names, `finishOptions` validates the
 * merged result once.
 */
import { availableParallelism } from 'node:os';
import { OptionError, type OptionIssue } from '../errors.js';
import type { Qtype } from '../types.js';
import { createLogger } from '../util/log.js';
import type { OptionRenderer } from '../schedulers/backend.js';
import { getBackend, isBatchQtype } from '../schedulers/registry.js';
import { coerceValue } from './coerce.js';
import { controlIssue, notAnObjectIssue, thrownIssue } from './control.js';
import { supports } from './help.js';
import type { OptionSpec } from './spec.js';
import { closestNames } from './suggest.js';
import { CONTROL_KEYS, OPTION_TABLE } from './table.js';
import type { CheckedOptions } from './types.js';

const log = createLogger('options');
const trimWarned = new Set<number>();
const ROWS: readonly OptionSpec[] = OPTION_TABLE;

// Keys are matched ignoring case, '_' and '-': mail_user, mailuser and mail-user all mean mailUser.
const fold = (key: string): string => key.toLowerCase().replace(/[-_]/g, '');
const LOOKUP = new Map<string, OptionSpec>();
for (const row of ROWS) for (const key of [row.name, ...row.synonyms]) LOOKUP.set(fold(key), row);
const ALL_SPELLINGS = ROWS.flatMap((r) => [r.name, ...r.synonyms]);
const VALID_NAMES = ROWS.map((r) => r.name).join(', ');

/** The table row for a keyword or any of its spellings. */
export function findOption(key: string): OptionSpec | undefined {
  return LOOKUP.get(fold(key));
}

/** One value as it was given: the key as written and where it came from. */
export interface OptionEntry {
  written: string;
  /** null unsets a value given by an earlier layer (a profile). */
  value: unknown;
  source?: string;
}

/** One source of options with keys mapped to canonical names. */
export interface OptionLayer {
  entries: Map<string, OptionEntry>;
  control: Record<string, unknown>;
  issues: OptionIssue[];
}

function unknownIssue(key: string, source?: string): OptionIssue {
  // Synonyms fold into their option: 'cors' suggests 'cores' once, not 'cores or cpus'.
  const suggestions = [...new Set(closestNames(key, ALL_SPELLINGS).map((s) => findOption(s)!.name))].slice(0, 1);
  const hint = suggestions.length ? ` Did you mean '${suggestions[0]}'?` : '';
  return {
    code: 'unknown_option',
    option: key,
    message: `unknown option '${key}'.${hint}`,
    suggestions,
    ...(source ? { source } : {}),
  };
}

/** The entries of the options object; one that cannot be listed (a hostile Proxy) is an issue. */
function ownEntries(raw: object, layer: OptionLayer, source?: string): [string, unknown][] {
  try {
    return Object.entries(raw);
  } catch (err) {
    const issue = thrownIssue(err);
    layer.issues.push({ ...issue, option: '(options)', message: `options ${issue.message}`, ...(source ? { source } : {}) });
    return [];
  }
}

/** Map one source's keys to canonical names; unknown keys and synonym clashes become issues. */
export function collectLayer(raw: Record<string, unknown>, source?: string, sourceOf?: (key: string) => string): OptionLayer {
  const layer: OptionLayer = { entries: new Map(), control: {}, issues: [] };
  // JavaScript callers can pass anything; null or a string must be an OptionError, not a TypeError.
  const shape = notAnObjectIssue(raw, source);
  if (shape) return { ...layer, issues: [shape] };
  for (const [key, value] of ownEntries(raw, layer, source)) {
    if (value === undefined) continue;
    const where = sourceOf ? sourceOf(key) : source;
    if ((CONTROL_KEYS as readonly string[]).includes(key)) {
      // null unsets a value an earlier layer gave, as for table keys.
      const issue = value === null ? undefined : controlIssue(key, value, where);
      if (issue) layer.issues.push(issue);
      else layer.control[key] = value;
      continue;
    }
    const spec = findOption(key);
    if (!spec) {
      layer.issues.push(unknownIssue(key, where));
      continue;
    }
    const prev = layer.entries.get(spec.name);
    if (prev) {
      layer.issues.push({
        code: 'conflict',
        option: key,
        message: `'${key}' and '${prev.written}' both set ${spec.name}; give only one`,
        ...(where ? { source: where } : {}),
      });
      continue;
    }
    layer.entries.set(spec.name, { written: key, value, ...(where ? { source: where } : {}) });
  }
  return layer;
}

/** Later layers override earlier ones key by key; a null value removes the key. */
export function mergeLayers(layers: readonly OptionLayer[]): OptionLayer {
  const out: OptionLayer = { entries: new Map(), control: {}, issues: [] };
  for (const layer of layers) {
    for (const [name, entry] of layer.entries) {
      if (entry.value === null) out.entries.delete(name);
      else out.entries.set(name, entry);
    }
    Object.assign(out.control, layer.control);
    out.issues.push(...layer.issues);
  }
  return out;
}

/** How finishOptions validates a merged layer. */
export interface FinishOptions {
  qtype?: Qtype;
  /** Fill table defaults for missing keys (default true; profiles store only what was set). */
  defaults?: boolean;
}

function cloneDefault(value: unknown): unknown {
  if (Array.isArray(value)) return [...value];
  return value && typeof value === 'object' ? { ...value } : value;
}

/** coerceValue, with a throw from the value itself (a Proxy's trap, a getter) reported as an issue. */
function safeCoerce(row: OptionSpec, value: unknown): ReturnType<typeof coerceValue> {
  try {
    return coerceValue(row, value);
  } catch (err) {
    return { ok: false, ...thrownIssue(err) };
  }
}

/** Validate a (merged) layer; throws one OptionError listing every problem. */
export function finishOptions(layer: OptionLayer, opts: FinishOptions = {}): CheckedOptions {
  const issues = [...layer.issues];
  const values: Record<string, unknown> = {};
  const qtype = opts.qtype ?? (typeof layer.control.qtype === 'string' ? (layer.control.qtype as Qtype) : undefined);
  for (const row of ROWS) {
    const entry = layer.entries.get(row.name);
    if (entry && entry.value !== null) {
      const result = safeCoerce(row, entry.value);
      if (result.ok) values[row.name] = result.value;
      else {
        const label = entry.written === row.name ? row.name : `${entry.written} (${row.name})`;
        issues.push({ code: result.code, option: entry.written, message: `${label}: ${result.message}`, ...(entry.source ? { source: entry.source } : {}) });
      }
    } else if (opts.defaults !== false && 'default' in row) {
      values[row.name] = cloneDefault(row.default);
    }
  }
  if (qtype !== undefined && isBatchQtype(qtype)) issues.push(...unsupported(layer, qtype, values));
  // The list of valid names is said once, however many keys were unknown.
  if (issues.length) throw new OptionError(issues, issues.some((i) => i.code === 'unknown_option') ? `Valid options: ${VALID_NAMES}` : undefined);
  if (qtype === 'local') applyLocalMode(values, layer);
  return { ...values, ...layer.control } as unknown as CheckedOptions;
}

/**
 * Options set (by the call or a profile; table defaults do not count) that the back-end has no
 * renderer for, or whose renderer refuses the value. Local-runner settings (`threads`) have no
 * meaning on a cluster and stay silent.
 */
function unsupported(layer: OptionLayer, qtype: string, values: Record<string, unknown>): OptionIssue[] {
  const backend = getBackend(qtype);
  const issues: OptionIssue[] = [];
  for (const row of ROWS) {
    const entry = layer.entries.get(row.name);
    if (!entry || entry.value === null || row.scope === 'local') continue;
    const renderer = (backend.directives.options as Record<string, OptionRenderer | undefined>)[row.name];
    const why = !supports(backend, row) ? 'not supported' : row.name in values ? renderer?.refuse?.(values[row.name]) : undefined;
    if (why === undefined) continue;
    issues.push({
      code: 'unsupported',
      option: entry.written,
      message: `${entry.written}: ${why} on ${backend.title}`,
      ...(entry.source ? { source: entry.source } : {}),
    });
  }
  return issues;
}

/** Local mode: cluster-only options are dropped (seed behaviour) and cores capped at this machine's count. */
function applyLocalMode(values: Record<string, unknown>, layer: OptionLayer): void {
  for (const row of ROWS) {
    if (row.local === 'ignored' && row.name in values) {
      log.debug(`local mode ignores '${layer.entries.get(row.name)?.written ?? row.name}'`);
      delete values[row.name];
    }
  }
  const max = availableParallelism();
  if (typeof values.cores === 'number' && values.cores > max) {
    // Once per value: a batch of many local jobs would otherwise repeat the same line.
    if (!trimWarned.has(values.cores)) log.warn(`cores=${values.cores} is more than this machine has; using ${max}`);
    trimWarned.add(values.cores);
    values.cores = max;
  }
}

/**
 * Check and normalise job options: synonyms resolved, strings coerced by type, defaults
 * filled. Control keys (name, args, qtype, profile, remote) pass through unchanged.
 * Throws one OptionError whose `issues` list every problem.
 */
export function checkOptions(raw: Record<string, unknown>, opts: { qtype?: Qtype; source?: string } = {}): CheckedOptions {
  return finishOptions(collectLayer(raw, opts.source), opts.qtype ? { qtype: opts.qtype } : {});
}
