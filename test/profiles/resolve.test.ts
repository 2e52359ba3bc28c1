import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useTempConfig } from '../helpers/temp-config.js';
import { OptionError, ProfileError } from '../../src/errors.js';
import { renderDirectives } from '../../src/options/index.js';
import { resolveOptions, setProfile } from '../../src/profiles/index.js';
import { thrown } from '../helpers/thrown.js';

const cfg = useTempConfig('hpcq-resolve-');

describe('resolveOptions', () => {
  it('uses a named profile and lets the call override it', () => {
    setProfile('big', { cores: 2, mem: '2G' });
    expect(resolveOptions({ profile: 'big' })).toMatchObject({ cores: 2, mem: 2048, nodes: 1, time: 7200, profile: 'big' });
    expect(resolveOptions({ profile: 'big', cpus: 1 })).toMatchObject({ cores: 1, mem: 2048 });
    expect(resolveOptions({ cores: 3 })).toMatchObject({ cores: 3, nodes: 1, time: 7200 });
    expect(resolveOptions({}).mem).toBeUndefined();
  });

  it('merges table defaults < [jobs] < prof_default < named profile < call', () => {
    writeFileSync(
      cfg.file,
      [
        '[jobs]', 'suffix = site', 'filedir = /site/files',
        '[prof_default]', 'suffix = dflt', 'time = 1:00:00', 'mem = 1G', 'partition = main', 'env[] = A=default',
        '[prof_gpu]', 'partition = gpu', 'gpus = 1', 'mem = null', 'walltime = 30',
        '',
      ].join('\n'),
    );
    const o = resolveOptions({ profile: 'gpu', gpus: 2, name: 'n' });
    expect(o).toMatchObject({
      nodePath: 'node', // table default
      filedir: '/site/files', // [jobs]
      suffix: 'dflt', // prof_default over [jobs]
      partition: 'gpu', // named profile over prof_default
      time: 1800, // synonym in the profile still overrides
      gpus: 2, // call over profile
      env: { A: 'default' },
      name: 'n',
    });
    // The named profile unset prof_default's memory.
    expect(o.mem).toBeUndefined();
    expect(renderDirectives(o, 'slurm')).toContain('#SBATCH --gres=gpu:2');
  });

  it('reports problems of every layer at once, naming the cfg.file for profile values', () => {
    writeFileSync(cfg.file, '[prof_default]\ncores = 1\n[prof_bad]\nmem = 12XB\n');
    const err = thrown(() => resolveOptions({ profile: 'bad', time: '25:99:00:00', memroy: 4 })) as OptionError;
    expect(err).toBeInstanceOf(OptionError);
    expect(err.issues.map((i) => [i.option, i.source])).toEqual([
      ['memroy', undefined],
      ['time', undefined],
      ['mem', `${cfg.file} [prof_bad] mem`],
    ]);
  });

  it('does not blame a profile for a value the call replaced', () => {
    writeFileSync(cfg.file, '[prof_default]\ncores = 1\n[prof_bad]\nmem = 12XB\n');
    expect(resolveOptions({ profile: 'bad', mem: '1G' }).mem).toBe(1024);
  });

  it('throws ProfileError for a profile that does not exist', () => {
    expect(thrown(() => resolveOptions({ profile: 'missing' }))).toBeInstanceOf(ProfileError);
  });

  it('applies local mode after merging', () => {
    setProfile('big', { mem: '2G', partition: 'x', cores: 1 });
    const o = resolveOptions({ profile: 'big' }, { qtype: 'local' });
    expect(o).not.toHaveProperty('mem');
    expect(o).not.toHaveProperty('partition');
    expect(o.cores).toBe(1);
  });

  it('takes control keys from profiles too', () => {
    setProfile('far', { remote: 'ssh://me@login', qtype: 'slurm' });
    expect(resolveOptions({ profile: 'far' })).toMatchObject({ remote: 'ssh://me@login', qtype: 'slurm' });
    expect(resolveOptions({ profile: 'far', qtype: 'local' }).qtype).toBe('local');
  });
});
