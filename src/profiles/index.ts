// INI config and profiles.
export { configPath } from './config-file.js';
export { getProfile, setProfile, updateProfile, deleteProfile, listProfiles, getOption, setOption } from './profiles.js';
export { resolveOptions } from './resolve.js';
