/**
 * Profiles (`[prof_<name>]` sections: option sets validated by the options table) and the
 * other config settings (`[queue]`, `[jobs]`). Every function reads the file afresh, so
 * edits by hand or by another process are seen at once.
 */
import { OptionError, ProfileError } from '../errors.js';
import { coerceValue } from '../options/coerce.js';
import { collectLayer, finishOptions, findOption, type OptionLayer } from '../options/normalize.js';
import type { OptionSpec } from '../options/spec.js';
import type { CheckedOptions } from '../options/types.js';
import { checkEditable, configPath, DEFAULT_SECTIONS, editConfig, loadConfig, readConfigText, type ConfigData } from './config-file.js';
import { decodePlain } from './ini-edit.js';
import { fromIniSection, toIniSection } from './ini-values.js';

// Dots would make the ini parser nest sections; brackets would end the header.
const SECTION_NAME = /^[A-Za-z0-9_-]+$/;

/** A setting described like an option row, so the options coercion checks it. */
function setting(name: string, type: OptionSpec['type'], help: string, min?: number): OptionSpec {
  return { name, type, help, synonyms: [], hpcq: true, local: 'used', scope: 'common', ...(min === undefined ? {} : { min }) };
}

/** Settings hpcq reads outside profiles, with their types and help. */
export const SETTINGS: Readonly<Record<string, Readonly<Record<string, OptionSpec>>>> = {
  queue: {
    max_jobs: setting('max_jobs', 'int', 'Most jobs in the queue before submit() waits.', 1),
    queue_update: setting('queue_update', 'number', 'Seconds between queue polls.', 0),
    outage_deadline: setting('outage_deadline', 'number', 'Seconds a wait rides out a scheduler that does not answer (default 3600).', 0),
    poll_timeout: setting('poll_timeout', 'number', 'Seconds before one queue poll command is given up (default 20).', 1),
  },
  jobs: {
    suffix: setting('suffix', 'string', 'Default job file suffix.'),
    filedir: setting('filedir', 'string', 'Default directory for job files.'),
  },
};

// A key with '=', brackets, a newline or a leading ';'/'#' would not read back as written.
const KEY_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

function checkName(kind: string, name: string): void {
  if (!SECTION_NAME.test(name)) throw new ProfileError(`Invalid ${kind} name '${name}': use letters, digits, '_' and '-'`);
}

function checkKey(section: string, key: string): void {
  if (!KEY_NAME.test(key)) throw new ProfileError(`Invalid key '${key}' in [${section}]: use letters, digits, '_', '-' and '.'`);
}

/** A typed setting value; a bad value in the file is an OptionError naming file, section and key. */
function typedSetting(section: string, key: string, value: unknown, path: string): unknown {
  // Own keys only: a key named 'constructor' in the file must not find Object's constructor.
  const known = Object.hasOwn(SETTINGS, section) ? SETTINGS[section]! : {};
  const spec = Object.hasOwn(known, key) ? known[key] : undefined;
  if (!spec || value === null || value === undefined) return value;
  const result = coerceValue(spec, typeof value === 'boolean' ? String(value) : value);
  if (result.ok) return result.value;
  throw new OptionError([{ code: result.code, option: key, message: `${key}: ${result.message}`, source: `${path} [${section}] ${key}` }]);
}

function typedSection(section: string, values: Record<string, unknown>, path: string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...DEFAULT_SECTIONS[section], ...values };
  for (const key of Object.keys(out)) out[key] = typedSetting(section, key, out[key], path);
  return out;
}

/** The options layer of one profile, each key tagged with file, section and key for error messages. */
export function profileLayer(data: ConfigData, name: string, path: string): OptionLayer {
  const section = data[`prof_${name}`];
  if (!section || typeof section !== 'object') {
    const have = profileNames(data).join(', ') || 'none';
    throw new ProfileError(`No profile '${name}' in ${path} (profiles: ${have})`);
  }
  return collectLayer(fromIniSection(section), undefined, (key) => `${path} [prof_${name}] ${key}`);
}

function profileNames(data: ConfigData): string[] {
  return Object.keys(data).filter((s) => s.startsWith('prof_')).map((s) => s.slice(5));
}

/** A profile's options, validated and normalised (only the keys it sets). Throws ProfileError when it does not exist. */
export function getProfile(name = 'default'): Record<string, unknown> {
  const path = configPath();
  return { ...finishOptions(profileLayer(loadConfig(path), name, path), { defaults: false }) };
}

/** The keys of one section as the file holds them (no defaults). */
function rawSection(section: string, path: string): Record<string, unknown> {
  const text = readConfigText(path);
  const values = text === undefined ? undefined : decodePlain(text)[section];
  return values && typeof values === 'object' ? (values as Record<string, unknown>) : {};
}

/**
 * Write a profile (replacing one of the same name) after validating its options; returns what
 * was stored. Only the profile's own key lines change; comments and other lines are kept.
 */
export function setProfile(name: string, options: Record<string, unknown>): Record<string, unknown> {
  checkName('profile', name);
  const checked = finishOptions(collectLayer(options), { defaults: false });
  const path = configPath();
  const section = `prof_${name}`;
  const values: Record<string, unknown> = Object.fromEntries(Object.keys(rawSection(section, path)).map((k) => [k, undefined]));
  Object.assign(values, toIniSection(checked));
  editConfig({ kind: 'set', section, values }, path);
  return { ...checked };
}

/**
 * Change some keys of a profile, keeping the others as written (`hpcq profile set`). The
 * merged profile is validated first, so nothing is written when any value is bad. A key is
 * stored under its option's name (replacing other spellings); a string value is stored as
 * given (`4h`, `32G`: it reads back through the same coercion), others in normalised form.
 */
export function updateProfile(name: string, changes: Record<string, unknown>): Record<string, unknown> {
  checkName('profile', name);
  const path = configPath();
  const section = `prof_${name}`;
  checkEditable(section, path);
  const current = rawSection(section, path);
  const canonical = (k: string): string => findOption(k)?.name ?? k;
  const changed = new Set(Object.keys(changes).map(canonical));
  const values: Record<string, unknown> = {};
  for (const k of Object.keys(current)) if (changed.has(canonical(k))) values[k] = undefined;
  const kept = Object.fromEntries(Object.entries(current).filter(([k]) => !changed.has(canonical(k))));
  const checked = finishOptions(collectLayer({ ...fromIniSection(kept), ...changes }, undefined, (key) => `${path} [${section}] ${key}`), { defaults: false });
  for (const [key, value] of Object.entries(changes)) {
    checkKey(section, key);
    const k = canonical(key);
    const normal = (checked as Record<string, unknown>)[k];
    values[k] = typeof value === 'string' ? value : normal === undefined ? undefined : toIniSection({ [k]: normal } as CheckedOptions)[k];
  }
  editConfig({ kind: 'set', section, values }, path);
  return { ...checked };
}

/** Remove a profile; returns false when the file has none of that name. `default` then reads as its defaults. */
export function deleteProfile(name: string): boolean {
  const path = configPath();
  const text = readConfigText(path);
  if (text === undefined || !(`prof_${name}` in decodePlain(text))) return false;
  editConfig({ kind: 'delete-section', section: `prof_${name}` }, path);
  return true;
}

/** Every profile as the file holds it (`4h`, `32G`, not normalised), by name; `default` from code when the file has none. */
export function rawProfiles(): Record<string, Record<string, unknown>> {
  const data = loadConfig();
  return Object.fromEntries(profileNames(data).map((name) => [name, { ...data[`prof_${name}`] }]));
}

/** Names of all profiles (without the `prof_` prefix). */
export function listProfiles(): string[] {
  return profileNames(loadConfig());
}

/**
 * Read the config: everything (no section), one section, or one key. Known settings
 * ([queue] max_jobs, queue_update; [jobs] suffix, filedir)
 * come back typed and with their defaults; a missing key gives `dflt`.
 */
export function getOption(section?: string, key?: string, dflt?: unknown): unknown {
  const path = configPath();
  const data = loadConfig(path);
  if (section === undefined) {
    return Object.fromEntries(Object.entries(data).map(([s, v]) => [s, v && typeof v === 'object' && Object.hasOwn(SETTINGS, s) ? typedSection(s, v, path) : v]));
  }
  const values = data[section];
  if (key === undefined) return values && typeof values === 'object' ? typedSection(section, values, path) : dflt;
  const value = values && typeof values === 'object' && key in values ? values[key] : dflt ?? DEFAULT_SECTIONS[section]?.[key];
  return typedSetting(section, key, value, path);
}

/** Write one key (validated for profiles and known settings); null or undefined removes it. Other lines are kept. */
export function setOption(section: string, key: string, value: unknown): void {
  checkName('section', section);
  checkKey(section, key);
  const path = configPath();
  const values: Record<string, unknown> = {};
  if (section.startsWith('prof_')) {
    const canonical = findOption(key)?.name ?? key;
    // Another spelling of the same option would clash with the new value on the next read.
    for (const k of Object.keys(rawSection(section, path))) if ((findOption(k)?.name ?? k) === canonical) values[k] = undefined;
    if (value !== null && value !== undefined) {
      const checked = finishOptions(collectLayer({ [key]: value }, `${path} [${section}] ${key}`), { defaults: false });
      Object.assign(values, toIniSection(checked));
    }
  } else {
    values[key] = value === null || value === undefined ? undefined : typedSetting(section, key, value, path);
  }
  editConfig({ kind: 'set', section, values }, path);
}
