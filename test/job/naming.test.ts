import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HpcqError } from '../../src/errors.js';
import { normalizeDepends, planDepends } from '../../src/core/dependencies.js';
import { jobFiles, manifestLine, parseManifest, SCRIPT_MARK } from '../../src/job/files.js';
import { baseJobName, releaseName, reserveNameIn, sanitizeName } from '../../src/job/naming.js';

describe('job names', () => {
  it('come from the first word of a command, without path, or the function name', () => {
    expect(baseJobName('/usr/bin/python3 run.py --fast')).toBe('python3');
    expect(baseJobName('OMP_NUM_THREADS=4 ./my-tool x')).toBe('my-tool');
    expect(baseJobName("'/opt/my app/run' x")).toBe('run');
    expect(baseJobName(function analyse() {})).toBe('analyse');
    expect(baseJobName(() => 1)).toBe('func');
    expect(baseJobName('x', "it's a $(test) job")).toBe('it_s_a_test_job');
  });

  it('are safe for file names', () => {
    expect(sanitizeName('../../etc/passwd')).toBe('etc_passwd');
    expect(sanitizeName('héllo wörld')).toBe('h_llo_w_rld');
    expect(sanitizeName('$(rm -rf ~)`x`')).toBe('rm_-rf_x');
    expect(sanitizeName('')).toBe('job');
    expect(sanitizeName('a'.repeat(100))).toHaveLength(64);
  });

  it('are unique among existing files and this process', () => {
    const dir = `/nonexistent/${Math.random()}`;
    const names = ['run.cluster.out', 'run.1.cluster.sbatch', 'runner.cluster', 'calc_func.cluster.mjs'];
    expect(reserveNameIn(names, dir, 'run', 'cluster')).toBe('run.2');
    expect(reserveNameIn(names, dir, 'run', 'cluster')).toBe('run.3');
    expect(reserveNameIn(names, dir, 'calc', 'cluster')).toBe('calc.1');
    expect(reserveNameIn(names, dir, 'run', 'other')).toBe('run');
    releaseName(dir, 'run.2', 'cluster');
    expect(reserveNameIn(names, dir, 'run', 'cluster')).toBe('run.2');
  });
});

describe('job files', () => {
  it('follow the seed naming per scheduler', () => {
    expect(jobFiles('a', 'cluster', '/d', 'slurm')).toEqual({
      submit: '/d/a.cluster.sbatch', exec: '/d/a.cluster.script', out: '/d/a.cluster.out', err: '/d/a.cluster.err', status: '/d/a.cluster.status',
    });
    expect(jobFiles('a', 'cluster', '/d', 'torque').submit).toBe('/d/a.cluster.qsub');
    const local = jobFiles('a', 'x', '/d', 'local', { func: true, outfile: 'o.txt', errfile: '/abs/e.txt' });
    expect(local).toMatchObject({
      submit: '/d/a.x', exec: '/d/a.x', out: '/d/o.txt', err: '/abs/e.txt',
      funcRunner: '/d/a_func.x.mjs', funcInput: '/d/a_func.x.input.json', funcOutput: '/d/a_func.x.output.json',
    });
  });

  it('carry a manifest naming the files beside the script', () => {
    const files = jobFiles('a b', 'cluster', '/d', 'local', { errfile: '/elsewhere/e' });
    const text = `#!/bin/bash\n${SCRIPT_MARK}\n# ${manifestLine(files)}\n`;
    expect(parseManifest(text)).toEqual(['a b.cluster', 'a b.cluster.status', 'a b.cluster.out']);
    expect(parseManifest('#!/bin/bash\n# hpcq-files: x\n')).toBeUndefined();
  });
});

describe('depends', () => {
  const job = (id: string | undefined, name = 'j'): { id?: string; name: string } => ({ ...(id ? { id } : {}), name });

  it('accepts jobs, ids, lists and kinds', () => {
    expect(normalizeDepends(undefined)).toEqual({ afterok: [], afterany: [], afternotok: [] });
    expect(normalizeDepends('12,13').afterok).toEqual(['12', '13']);
    expect(normalizeDepends(42).afterok).toEqual([42]);
    const a = job('1');
    expect(normalizeDepends([a, '2']).afterok).toEqual([a, '2']);
    expect(normalizeDepends({ afterany: a, afternotok: ['3'] })).toEqual({ afterok: [], afterany: [a], afternotok: ['3'] });
    expect(() => normalizeDepends({ after: ['1'] })).toThrow(/unknown dependency kind 'after'/);
    expect(() => normalizeDepends([{}])).toThrow(HpcqError);
  });

  it('drops satisfied dependencies and stops at impossible ones', () => {
    const spec = normalizeDepends({ afterok: ['1', '2'], afterany: ['3'], afternotok: ['4'] });
    const states: Record<string, string> = { 1: 'completed', 3: 'failed', 4: 'cancelled' };
    const plan = planDepends(spec, (ref) => ({ id: String(ref), ...(states[String(ref)] ? { state: states[String(ref)] as never } : {}) }));
    expect(plan).toEqual({ never: false, ids: { afterok: ['2'] } });
    const failed = planDepends(normalizeDepends(['1', '2']), (ref) => ({ id: String(ref), state: ref === '2' ? 'failed' : 'running' }));
    expect(failed).toEqual({ never: true, blocker: '2', kind: 'afterok', state: 'failed' });
    const notok = planDepends(normalizeDepends({ afternotok: ['5'] }), () => ({ id: '5', state: 'completed' }));
    expect(notok.never).toBe(true);
    // A job that never reached the scheduler (cancelled, no id) still settles its dependents.
    expect(planDepends(normalizeDepends([job(undefined, 'x')]), () => ({ state: 'cancelled' })).never).toBe(true);
    expect(() => planDepends(normalizeDepends([job(undefined, 'x')]), () => ({}))).toThrow(/x has not been submitted/);
  });
});

describe('cleanup helpers', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true, maxRetries: 5 })));
  it('a name taken by a user file is not reused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hpcq-naming-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'notes.cluster.out'), 'mine');
    expect(reserveNameIn(['notes.cluster.out'], dir, 'notes', 'cluster')).toBe('notes.1');
  });
});
