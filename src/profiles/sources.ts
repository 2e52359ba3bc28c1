/** Where each setting of the config comes from: the file, or the defaults in code. */
import { configPath, DEFAULT_SECTIONS, readConfigText } from './config-file.js';
import { decodePlain } from './ini-edit.js';
import { SETTINGS } from './profiles.js';

/** One setting as `hpcq config` shows it. */
export interface SettingSource {
  section: string;
  key: string;
  /** As written in the file (or the default's text); undefined for a known setting nobody set. */
  value: unknown;
  source: 'file' | 'default' | 'unset';
  /** What the setting does, for the known ones. */
  help?: string;
}

/** The config file's path, whether it exists, and every setting with its source. */
export function configSources(): { path: string; exists: boolean; settings: SettingSource[] } {
  const path = configPath();
  const text = readConfigText(path);
  const file = (text === undefined ? {} : decodePlain(text)) as Record<string, Record<string, unknown>>;
  const settings: SettingSource[] = [];
  const sections = [...new Set([...Object.keys(DEFAULT_SECTIONS), ...Object.keys(SETTINGS), ...Object.keys(file)])];
  for (const section of sections) {
    const written = file[section] && typeof file[section] === 'object' ? file[section] : undefined;
    // A profile in the file replaces its defaults as a whole; a settings section merges key by key.
    const defaults = section.startsWith('prof_') && written ? {} : (DEFAULT_SECTIONS[section] ?? {});
    const keys = [...new Set([...Object.keys(SETTINGS[section] ?? {}), ...Object.keys(defaults), ...Object.keys(written ?? {})])];
    for (const key of keys) {
      const help = SETTINGS[section]?.[key]?.help;
      const base = { section, key, ...(help ? { help } : {}) };
      if (written && key in written) settings.push({ ...base, value: written[key], source: 'file' });
      else if (key in defaults) settings.push({ ...base, value: defaults[key], source: 'default' });
      else settings.push({ ...base, value: undefined, source: 'unset' });
    }
  }
  return { path, exists: text !== undefined, settings };
}
