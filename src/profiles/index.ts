// INI config and profiles.
export { configPath } from './config-file.js';
export { getProfile, setProfile, updateProfile, deleteProfile, listProfiles, rawProfiles, getOption, setOption } from './profiles.js';
export { resolveOptions } from './resolve.js';
export { configSources, type SettingSource } from './sources.js';
