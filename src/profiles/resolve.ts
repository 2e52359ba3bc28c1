/**
 * resolveOptions: the options a submission actually uses. Layers, later ones winning key by
 * key: table defaults < [jobs] suffix/filedir < [prof_default] < the named profile
 * (`call.profile`) < the call. All layers are validated in one pass, so every problem is
 * reported at once and a profile's bad value names the file, section and key.
 */
import { collectLayer, finishOptions, mergeLayers, type OptionLayer } from '../options/normalize.js';
import type { CheckedOptions } from '../options/types.js';
import type { Qtype } from '../types.js';
import { configPath, loadConfig, type ConfigData } from './config-file.js';
import { fromIniSection } from './ini-values.js';
import { profileLayer } from './profiles.js';

// Settings of the [jobs] section that are also option keywords.
const JOBS_KEYS = ['suffix', 'filedir'] as const;

function jobsLayer(data: ConfigData, path: string): OptionLayer {
  const jobs = data.jobs ?? {};
  const raw = Object.fromEntries(JOBS_KEYS.filter((k) => jobs[k] !== undefined && jobs[k] !== '').map((k) => [k, jobs[k]]));
  return collectLayer(fromIniSection(raw), undefined, (key) => `${path} [jobs] ${key}`);
}

/** Merge defaults, config, profiles and the call's options, then check them once. */
export function resolveOptions(call: Record<string, unknown>, opts: { qtype?: Qtype } = {}): CheckedOptions {
  const path = configPath();
  const data = loadConfig(path);
  const layers = [jobsLayer(data, path), profileLayer(data, 'default', path)];
  const named = call.profile;
  if (typeof named === 'string' && named !== '' && named !== 'default') layers.push(profileLayer(data, named, path));
  layers.push(collectLayer(call));
  // Control keys merge too: a profile may name the remote host or the qtype.
  return finishOptions(mergeLayers(layers), opts.qtype ? { qtype: opts.qtype } : {});
}
