/**
 * The INI config file: where it lives, reading it (defaults come from code, a read never
 * writes), and edits the user asked for, made line by line (src/profiles/ini-edit.ts) and
 * written atomically. Synchronous on purpose: the file is small and read at submission time,
 * where a sync read keeps callers simple.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ProfileError } from '../errors.js';
import { writeFileAtomicSync } from '../util/local-host.js';
import { decodePlain, editIni, type IniEdit } from './ini-edit.js';

/** A parsed config: section name to its keys. Top-level keys and nested sections are kept as read. */
export type ConfigData = Record<string, Record<string, unknown>>;

/**
 * Sections every config has; a missing one reads as these values (they are never written
 * into the file). `prof_default` follows the seed's default profile (one node, one core, two
 * hours); memory is left to the cluster's default, because a fixed request fails on nodes
 * configured with less.
 */
export const DEFAULT_SECTIONS: Readonly<ConfigData> = {
  prof_default: { nodes: 1, cores: 1, time: '02:00:00' },
  queue: { max_jobs: 1000, queue_update: 2, outage_deadline: 3600, poll_timeout: 20 },
  jobs: { suffix: 'cluster' },
};

/** Where the config lives: $HPCQ_CONFIG, else $XDG_CONFIG_HOME/hpcq/config.ini, else ~/.config/hpcq/config.ini. */
export function configPath(): string {
  if (process.env.HPCQ_CONFIG) return process.env.HPCQ_CONFIG;
  const base = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'hpcq', 'config.ini');
}

/** The config file's text, or undefined when there is none. */
export function readConfigText(path = configPath()): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ProfileError(`Cannot read the config file ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/** Read the config; a missing default section reads as DEFAULT_SECTIONS gives it. Never writes. */
export function loadConfig(path = configPath()): ConfigData {
  const text = readConfigText(path);
  const read = (text === undefined ? {} : decodePlain(text)) as ConfigData;
  // Missing defaults come first, so `default` leads the profile list as it did when it was written.
  const data: ConfigData = {};
  for (const [section, values] of Object.entries(DEFAULT_SECTIONS)) {
    if (!read[section] || typeof read[section] !== 'object') data[section] = { ...values };
  }
  return Object.assign(data, read);
}

/**
 * Refuse early, before validating values, when a section cannot be edited safely (a line
 * without `=` in it): the user learns about the line to fix, not about a key it seems to make.
 */
export function checkEditable(section: string, path = configPath()): void {
  editIni(readConfigText(path) ?? '', { kind: 'set', section, values: {} }, path);
}

/**
 * Apply one edit to the config file, keeping every other line as the user wrote it, and
 * write it atomically with the file's permissions. Throws ProfileError when the edit cannot
 * be made safely or the file cannot be written.
 */
export function editConfig(edit: IniEdit, path = configPath()): void {
  const text = readConfigText(path) ?? '';
  const next = editIni(text, edit, path);
  if (next === text) return;
  let target = path;
  let mode: number | undefined;
  try {
    // A symlinked config (dotfile managers) stays a symlink: the file it points at is replaced.
    target = realpathSync(path);
    mode = statSync(target).mode & 0o777;
  } catch {
    mode = undefined;
  }
  try {
    writeFileAtomicSync(target, next, mode);
  } catch (err) {
    throw new ProfileError(`Cannot write the config file ${path}: ${(err as Error).message}`, { cause: err });
  }
}
