/**
 * The INI config file: where it lives, reading it with the default sections put back,
 * and writing it atomically. Synchronous on purpose: the file is small and read at
 * submission time, where a sync read keeps callers simple.
 */
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { decode, encode } from 'ini';
import { ProfileError } from '../errors.js';
import { createLogger } from '../util/log.js';
import { writeFileAtomicSync } from '../util/local-host.js';

const log = createLogger('profiles');
const unwritable = new Set<string>();

/** A parsed config: section name to its keys. Top-level keys and nested sections are kept as read. */
export type ConfigData = Record<string, Record<string, unknown>>;

/**
 * Sections every config has; a missing one is put back with these values. `prof_default`
 * follows the seed's default profile (one node, one core, two hours); memory is left to the
 * cluster's default, because a fixed request fails on nodes configured with less.
 */
export const DEFAULT_SECTIONS: Readonly<ConfigData> = {
  prof_default: { nodes: 1, cores: 1, time: '02:00:00' },
  queue: { max_jobs: 1000, queue_update: 2 },
  jobs: { suffix: 'cluster', clean_files: true, clean_outputs: false },
};

/** Where the config lives: $HPCQ_CONFIG, else $XDG_CONFIG_HOME/hpcq/config.ini, else ~/.config/hpcq/config.ini. */
export function configPath(): string {
  if (process.env.HPCQ_CONFIG) return process.env.HPCQ_CONFIG;
  const base = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'hpcq', 'config.ini');
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ProfileError(`Cannot read the config file ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/** Write the config atomically (temp file + rename), keeping the file's permissions. */
export function saveConfig(data: ConfigData, path = configPath()): void {
  let mode: number | undefined;
  try {
    mode = statSync(path).mode & 0o777;
  } catch {
    mode = undefined;
  }
  try {
    writeFileAtomicSync(path, encode(data, { whitespace: true }), mode);
  } catch (err) {
    throw new ProfileError(`Cannot write the config file ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Read the config; sections missing from DEFAULT_SECTIONS are added and the file rewritten
 * (the seed's behaviour). When the file cannot be written the defaults are used in memory.
 */
export function loadConfig(path = configPath()): ConfigData {
  const text = readText(path);
  // ini returns null-prototype objects; copy into plain ones so spreading and `in` behave.
  const data = JSON.parse(JSON.stringify(text === undefined ? {} : decode(text))) as ConfigData;
  const missing = Object.keys(DEFAULT_SECTIONS).filter((s) => !data[s] || typeof data[s] !== 'object');
  if (missing.length === 0) return data;
  for (const section of missing) data[section] = { ...DEFAULT_SECTIONS[section] };
  if (text !== undefined && missing.includes('prof_default')) log.warn(`[prof_default] was missing from ${path}; recreated it`);
  try {
    saveConfig(data, path);
    log.info(`${text === undefined ? 'created' : 'updated'} ${path} (added ${missing.map((s) => `[${s}]`).join(', ')})`);
  } catch (err) {
    // Once per file: every submission reads the config, and one warning says it all.
    if (!unwritable.has(path)) log.warn(`${(err as Error).message}; using the defaults without saving them`);
    unwritable.add(path);
  }
  return data;
}
