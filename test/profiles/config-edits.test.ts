/**
 * The config file is the user's: reading it never writes it, and the edits the user asks for
 * change only the lines concerned (comments and unknown lines stay byte for byte) or refuse.
 */
import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeJob, submit } from '../../src/api/index.js';
import { ProfileError } from '../../src/errors.js';
import { deleteProfile, getOption, getProfile, listProfiles, setOption, setProfile, updateProfile } from '../../src/profiles/index.js';
import { useTempConfig } from '../helpers/temp-config.js';
import { thrown } from '../helpers/thrown.js';

const cfg = useTempConfig('hpcq-config-edits-');

// No [prof_default], [queue] or [jobs]; comments of both kinds; a line the parser cannot read.
const USER_CONFIG = [
  '; my cluster settings',
  '# keep gpu small',
  '[prof_gpu]',
  'cores = 2   ; two is plenty',
  '# memory per node',
  'mem = 4G',
  '',
  '[site]',
  'this line has no equals sign',
  'owner = me',
  '',
].join('\n');

/** Write the user's config with an old mtime, so any rewrite shows. */
function writeUserConfig(text = USER_CONFIG): void {
  writeFileSync(cfg.file, text);
  utimesSync(cfg.file, new Date('2020-01-01T00:00:00Z'), new Date('2020-01-01T00:00:00Z'));
}

const fileState = (): { text: string; mtime: number } => ({ text: readFileSync(cfg.file, 'utf8'), mtime: statSync(cfg.file).mtimeMs });

describe('reading the config', () => {
  it('never writes it: getProfile, getOption, listProfiles, makeJob and submit leave bytes and mtime alone', async () => {
    writeUserConfig();
    const before = fileState();
    expect(getProfile()).toEqual({ nodes: 1, cores: 1, time: 7200 });
    expect(getProfile('gpu')).toEqual({ cores: 2, mem: 4096 });
    expect(listProfiles()).toEqual(['default', 'gpu']);
    expect(getOption('queue', 'max_jobs')).toBe(1000);
    expect(getOption('jobs', 'suffix')).toBe('cluster');
    makeJob('echo hi', { qtype: 'local', profile: 'gpu', filedir: cfg.dir });
    const job = await submit('echo hi', { qtype: 'local', filedir: join(cfg.dir, 'jobs') });
    await job.wait();
    expect(job.state).toBe('completed');
    expect(fileState()).toEqual(before);
  });
});

describe('edits the user asked for', () => {
  it('setOption changes one key line and keeps comments, blank and unparsable lines', () => {
    writeUserConfig();
    setOption('prof_gpu', 'mem', '8G');
    expect(readFileSync(cfg.file, 'utf8')).toBe(USER_CONFIG.replace('mem = 4G', 'mem = 8192'));
    setOption('queue', 'max_jobs', 50);
    expect(readFileSync(cfg.file, 'utf8')).toBe(`${USER_CONFIG.replace('mem = 4G', 'mem = 8192')}\n[queue]\nmax_jobs = 50\n`);
  });

  it('updateProfile keeps what the user wrote (4h, 32G) and adds new keys after the last one', () => {
    writeUserConfig();
    expect(updateProfile('gpu', { time: '4h', memory: '32G' })).toEqual({ cores: 2, mem: 32768, time: 14400 });
    expect(readFileSync(cfg.file, 'utf8')).toBe(USER_CONFIG.replace('mem = 4G', 'mem = 32G\ntime = 4h'));
    expect(getProfile('gpu')).toEqual({ cores: 2, mem: 32768, time: 14400 });
  });

  it('setProfile replaces the profile\'s keys only; deleteProfile removes its header and keys only', () => {
    writeUserConfig();
    setProfile('gpu', { cores: 4 });
    expect(readFileSync(cfg.file, 'utf8')).toBe(USER_CONFIG.replace('cores = 2   ; two is plenty', 'cores = 4').replace('mem = 4G\n', ''));
    setProfile('new', { cores: 1 });
    expect(deleteProfile('gpu')).toBe(true);
    const text = readFileSync(cfg.file, 'utf8');
    expect(text).toBe(`${USER_CONFIG.replace('[prof_gpu]\ncores = 2   ; two is plenty\n', '').replace('mem = 4G\n', '')}\n[prof_new]\ncores = 1\n`);
    expect(listProfiles()).toEqual(['default', 'new']);
  });

  it('refuses to edit a section holding a line that is not key = value, and writes nothing', () => {
    writeUserConfig();
    const before = fileState();
    const err = thrown(() => setOption('site', 'owner', 'you'));
    expect(err).toBeInstanceOf(ProfileError);
    expect(err.message).toMatch(/line 9 \('this line has no equals sign'\) in \[site\] is not 'key = value'/);
    expect(fileState()).toEqual(before);
  });

  it('refuses an edit that would not read back as meant (a dotted section nests), and writes nothing', () => {
    writeUserConfig('[prof_a]\ncores = 1\n[prof_a.x]\ncores = 2\n');
    const before = fileState();
    expect(thrown(() => deleteProfile('a'))).toBeInstanceOf(ProfileError);
    expect(fileState()).toEqual(before);
  });

  it('keeps Windows line endings', () => {
    writeUserConfig('; c\r\n[prof_gpu]\r\ncores = 2\r\n');
    setOption('prof_gpu', 'nodes', 2);
    expect(readFileSync(cfg.file, 'utf8')).toBe('; c\r\n[prof_gpu]\r\ncores = 2\r\nnodes = 2\r\n');
  });
});
