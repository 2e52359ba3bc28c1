import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { useTempConfig } from '../helpers/temp-config.js';
import { OptionError, ProfileError } from '../../src/errors.js';
import {
  configPath, deleteProfile, getOption, getProfile, listProfiles, setOption, setProfile,
} from '../../src/profiles/index.js';
import { thrown } from '../helpers/thrown.js';

const cfg = useTempConfig('hpcq-profiles-');

const read = (): string => readFileSync(cfg.file, 'utf8');

describe('configPath', () => {
  it('prefers HPCQ_CONFIG, then XDG_CONFIG_HOME, then ~/.config', () => {
    expect(configPath()).toBe(cfg.file);
    vi.stubEnv('HPCQ_CONFIG', '');
    vi.stubEnv('XDG_CONFIG_HOME', '/xdg');
    expect(configPath()).toBe('/xdg/hpcq/config.ini');
    vi.stubEnv('XDG_CONFIG_HOME', '');
    vi.stubEnv('HOME', '/home/someone');
    expect(configPath()).toBe('/home/someone/.config/hpcq/config.ini');
  });
});

describe('profiles', () => {
  it('reads the defaults from code and never creates the config', () => {
    expect(getProfile()).toEqual({ nodes: 1, cores: 1, time: 7200 });
    expect(listProfiles()).toEqual(['default']);
    expect(existsSync(cfg.file)).toBe(false);
  });

  it('reads a missing [prof_default] as the defaults and leaves the file as it was', () => {
    const text = 'top = level\n[custom]\nfoo = bar\n[queue]\nmax_jobs = 7\nmy_key = mine\n[prof_small]\ncores = 1\n';
    writeFileSync(cfg.file, text);
    expect(getProfile('default')).toEqual({ nodes: 1, cores: 1, time: 7200 });
    expect(getProfile('small')).toEqual({ cores: 1 });
    expect(getOption('queue', 'max_jobs')).toBe(7);
    expect(read()).toBe(text);
  });

  it('stores a validated profile that reads back normalised', () => {
    expect(setProfile('big', { cpus: 2, mem: '2G', time: '1d12h' })).toEqual({ cores: 2, mem: 2048, time: 129600 });
    expect(read()).toMatch(/\[prof_big\]\ncores = 2\ntime = 36:00:00\nmem = 2048/);
    expect(getProfile('big')).toEqual({ cores: 2, mem: 2048, time: 129600 });
    expect(listProfiles()).toEqual(['default', 'big']);
  });

  it('round-trips values the INI syntax treats specially', () => {
    const setup = ['export A="x; y" # not a comment', 'echo a=b', '[ -d x ] && cd x', '  indented'];
    const stored = {
      setup, modules: ['gcc/12', 'openmpi'], env: { GREETING: 'hi there', EQ: 'a=b' }, depends: ['12', { id: '13' }],
      requeue: false, exclusive: true, partition: 'true', mailType: ['END'], remote: 'ssh://me@login:22',
    };
    setProfile('odd', stored);
    expect(getProfile('odd')).toEqual({
      ...stored, depends: ['12', '13'], partition: 'true',
    });
  });

  it('refuses invalid profiles without writing', () => {
    setProfile('ok', { cores: 1 });
    const before = read();
    const err = thrown(() => setProfile('bad', { cores: 0, memroy: 3 }));
    expect(err).toBeInstanceOf(OptionError);
    expect((err as OptionError).issues.map((i) => i.option)).toEqual(['memroy', 'cores']);
    expect(read()).toBe(before);
    expect(thrown(() => setProfile('a.b', { cores: 1 }))).toBeInstanceOf(ProfileError);
    expect(thrown(() => setProfile('x', { args: [1] }))).toBeInstanceOf(ProfileError);
  });

  it('names cfg.file, section and key for bad values in the file', () => {
    writeFileSync(cfg.file, '[prof_default]\ncores = 1\n[prof_bad]\nmem = 12XB\ncores = 0\nmemroy = 4\n');
    const err = thrown(() => getProfile('bad')) as OptionError;
    expect(err).toBeInstanceOf(OptionError);
    expect(err.issues.map((i) => i.source).sort()).toEqual([
      `${cfg.file} [prof_bad] cores`, `${cfg.file} [prof_bad] mem`, `${cfg.file} [prof_bad] memroy`,
    ]);
    expect(err.message).toContain(`${cfg.file} [prof_bad] mem: mem: '12XB' is not a memory size`);
  });

  it('throws ProfileError for a missing profile, listing those that exist', () => {
    const err = thrown(() => getProfile('nope'));
    expect(err).toBeInstanceOf(ProfileError);
    expect(err.message).toMatch(/No profile 'nope' in .*\(profiles: default\)/);
  });

  it('deletes profiles; default comes back', () => {
    setProfile('tmp', { cores: 2 });
    expect(deleteProfile('tmp')).toBe(true);
    expect(deleteProfile('tmp')).toBe(false);
    expect(listProfiles()).toEqual(['default']);
    setOption('prof_default', 'cores', 3);
    expect(getProfile()).toEqual({ cores: 3 });
    expect(deleteProfile('default')).toBe(true);
    expect(getProfile()).toEqual({ nodes: 1, cores: 1, time: 7200 });
  });
});

describe('atomic writes', () => {
  it('replaces the cfg.file by rename, keeps its mode and leaves no temp file', () => {
    writeFileSync(cfg.file, '[prof_default]\ncores = 1\n');
    chmodSync(cfg.file, 0o600);
    const before = statSync(cfg.file);
    setProfile('big', { cores: 4 });
    const after = statSync(cfg.file);
    expect(after.ino).not.toBe(before.ino);
    expect(after.mode & 0o777).toBe(0o600);
    expect(readdirSync(cfg.dir)).toEqual(['config.ini']);
  });

  it('reports an unwritable config as ProfileError', () => {
    vi.stubEnv('HPCQ_CONFIG', join(cfg.file, 'under-a-file', 'config.ini'));
    writeFileSync(cfg.file, '');
    expect(thrown(() => setProfile('x', { cores: 1 }))).toBeInstanceOf(ProfileError);
  });
});

describe('getOption / setOption', () => {
  it('reads settings typed and with defaults', () => {
    expect(getOption('queue', 'max_jobs')).toBe(1000);
    expect(getOption('queue', 'queue_update')).toBe(2);
    expect(getOption('jobs')).toEqual({ suffix: 'cluster' });
    expect(getOption('jobs', 'filedir', '/tmp/x')).toBe('/tmp/x');
    expect(getOption('nowhere', 'x', 'fallback')).toBe('fallback');
    expect(getOption('nowhere')).toBeUndefined();
    expect(Object.keys(getOption() as object)).toEqual(['prof_default', 'queue', 'jobs']);
  });

  it('writes settings, validating known ones', () => {
    setOption('queue', 'max_jobs', '50');
    expect(getOption('queue', 'max_jobs')).toBe(50);
    setOption('custom', 'anything', 'goes');
    expect(getOption('custom', 'anything')).toBe('goes');
    const err = thrown(() => setOption('queue', 'max_jobs', 'lots')) as OptionError;
    expect(err.issues[0]!.source).toBe(`${cfg.file} [queue] max_jobs`);
    setOption('custom', 'anything', null);
    expect(getOption('custom', 'anything')).toBeUndefined();
  });

  it('refuses setting keys the INI file could not hold, and round-trips odd custom values', () => {
    for (const key of ['k=v', 'a\nb', '[x]', ';c', '']) expect(thrown(() => setOption('custom', key, '1'))).toBeInstanceOf(ProfileError);
    expect(getOption('custom')).toBeUndefined();
    setOption('custom', 'odd', 'a = b ; c # d "e" [f]');
    expect(getOption('custom', 'odd')).toBe('a = b ; c # d "e" [f]');
  });

  it('writes one profile key under its canonical name', () => {
    setProfile('big', { mem: '2G', cores: 2 });
    setOption('prof_big', 'memory', '3G');
    expect(getProfile('big')).toEqual({ mem: 3072, cores: 2 });
    setOption('prof_big', 'mem', null);
    expect(getProfile('big')).toEqual({ cores: 2 });
    const err = thrown(() => setOption('prof_big', 'cores', 'x')) as OptionError;
    expect(err.issues[0]!.source).toBe(`${cfg.file} [prof_big] cores`);
  });

  it('flags a bad setting in the cfg.file with its source', () => {
    writeFileSync(cfg.file, '[queue]\nmax_jobs = many\n');
    const err = thrown(() => getOption('queue', 'max_jobs')) as OptionError;
    expect(err).toBeInstanceOf(OptionError);
    expect(err.issues[0]!.source).toBe(`${cfg.file} [queue] max_jobs`);
  });
});
