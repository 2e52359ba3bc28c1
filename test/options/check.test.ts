import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { OptionError } from '../../src/errors.js';
import { checkOptions } from '../../src/options/index.js';

/** The OptionError checkOptions throws for raw (fails the test when it does not throw). */
function errorOf(raw: Record<string, unknown>, opts?: Parameters<typeof checkOptions>[1]): OptionError {
  try {
    checkOptions(raw, opts);
  } catch (err) {
    expect(err).toBeInstanceOf(OptionError);
    return err as OptionError;
  }
  throw new Error(`checkOptions accepted ${JSON.stringify(raw)}`);
}

describe('checkOptions: normalising', () => {
  it('fills defaults and keeps control keys unchanged', () => {
    const args = [1, { a: 2 }];
    const remote = { host: 'h' };
    const o = checkOptions({ name: 'x', args, qtype: 'slurm', profile: 'big', remote });
    expect(o).toMatchObject({ cores: 1, suffix: 'cluster', nodePath: 'node', killOnInvalidDep: true, modules: [], setup: [], env: {} });
    expect(o.args).toBe(args);
    expect(o.remote).toBe(remote);
    expect([o.name, o.qtype, o.profile]).toEqual(['x', 'slurm', 'big']);
    expect(o.mem).toBeUndefined();
  });

  it('does not share default arrays between calls', () => {
    const a = checkOptions({});
    a.modules.push('gcc');
    expect(checkOptions({}).modules).toEqual([]);
  });

  it('resolves synonyms and other spellings to canonical names', () => {
    const o = checkOptions({
      cpus: 4, memory: '2G', walltime: '1h', queue: 'debug', constraint: 'ib', depend: ['12'],
      mail_user: 'me@x.org', tasks_per_node: 2, node_path: '/opt/node', kill_on_invalid_dep: 'no',
      'mail-type': 'end', KillOnInvalidDep: undefined, stdout: 'o.txt',
    });
    expect(o).toMatchObject({
      cores: 4, mem: 2048, time: 3600, partition: 'debug', features: ['ib'], depends: ['12'],
      mailUser: 'me@x.org', tasksPerNode: 2, nodePath: '/opt/node', killOnInvalidDep: false, mailType: ['END'], outfile: 'o.txt',
    });
    expect(o).not.toHaveProperty('cpus');
  });

  it('coerces strings from INI files and the command line', () => {
    const o = checkOptions({
      cores: '8', nodes: ' 2 ', exclusive: 'yes', requeue: 'off', modules: 'gcc/12, openmpi', env: 'A=1,B=two words',
      setup: 'source a\nexport X=1', time: '90', array: '0-9%2', mailType: 'begin,FAIL', features: ['a', 'b'],
    });
    expect(o).toMatchObject({
      cores: 8, nodes: 2, exclusive: true, requeue: false, modules: ['gcc/12', 'openmpi'], env: { A: '1', B: 'two words' },
      setup: ['source a', 'export X=1'], time: 5400, array: '0-9%2', mailType: ['BEGIN', 'FAIL'], features: ['a', 'b'],
    });
  });

  it('normalises dependencies into lists', () => {
    const job = { id: '77' };
    expect(checkOptions({ depends: '1,2' }).depends).toEqual(['1', '2']);
    expect(checkOptions({ depends: 5 }).depends).toEqual([5]);
    expect(checkOptions({ depends: job }).depends).toEqual([job]);
    expect(checkOptions({ depends: { afterany: job, afterok: ['3'] } }).depends).toEqual({ afterany: [job], afterok: ['3'] });
  });
});

describe('checkOptions: errors', () => {
  it.each([
    [{ cores: 0 }, 'cores', 'out_of_range'],
    [{ cores: 'many' }, 'cores', 'invalid_type'],
    [{ cores: 1.5 }, 'cores', 'invalid_type'],
    [{ cpus: -1 }, 'cpus', 'out_of_range'],
    [{ mem: '12XB' }, 'mem', 'invalid_value'],
    [{ time: '25:99:00:00' }, 'time', 'invalid_value'],
    [{ time: '1-25' }, 'time', 'out_of_range'],
    [{ nodes: 0 }, 'nodes', 'out_of_range'],
    [{ gpus: 'two' }, 'gpus', 'invalid_type'],
    [{ tasks: 0 }, 'tasks', 'out_of_range'],
    [{ array: '9-1' }, 'array', 'out_of_range'],
    [{ exclusive: 'maybe' }, 'exclusive', 'invalid_type'],
    [{ mailType: 'sometimes' }, 'mailType', 'invalid_value'],
    [{ partition: 'a\nb' }, 'partition', 'invalid_value'],
    [{ partition: '' }, 'partition', 'invalid_value'],
    [{ env: { 'BAD-NAME': '1' } }, 'env', 'invalid_value'],
    [{ env: { A: 'x\0y' } }, 'env', 'invalid_value'],
    [{ depends: { after: ['1'] } }, 'depends', 'invalid_value'],
    [{ depends: [{}] }, 'depends', 'invalid_type'],
    [{ modules: { a: 1 } }, 'modules', 'invalid_type'],
    // The suffix is part of every job file name: a '/' would put files in another directory.
    [{ suffix: '../../elsewhere' }, 'suffix', 'invalid_value'],
    [{ suffix: 'a/b' }, 'suffix', 'invalid_value'],
    [{ suffix: 'two words' }, 'suffix', 'invalid_value'],
  ])('%j is an error naming %s (%s)', (raw, option, code) => {
    const err = errorOf(raw);
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]).toMatchObject({ option, code });
    expect(err.issues[0]!.message).toContain(option);
    expect(err.message).toContain(option);
  });

  it('lists accepted units for memory', () => {
    expect(errorOf({ mem: '12XB' }).issues[0]!.message).toMatch(/'12XB'.*K, M, G or T/);
  });

  it("suggests the option 'mem' once for 'memroy' (a synonym folds into its option) and lists valid names once", () => {
    const err = errorOf({ memroy: 4, cors: 2, tme: '1h' });
    const issue = err.issues[0]!;
    expect(issue).toMatchObject({ code: 'unknown_option', option: 'memroy' });
    expect(issue.suggestions).toEqual(['mem']);
    expect(issue.message).toBe("unknown option 'memroy'. Did you mean 'mem'?");
    expect(err.issues.find((i) => i.option === 'cors')!.message).toBe("unknown option 'cors'. Did you mean 'cores'?");
    expect(err.message.match(/Valid options: cores, modules, .*nodePath/g)).toHaveLength(1);
  });

  it('has no suggestion for a word close to nothing', () => {
    expect(errorOf({ zzzzzzzz: 1 }).issues[0]!.suggestions).toEqual([]);
  });

  it('lists every mistake of one call', () => {
    const err = errorOf({ cores: 'many', mem: '12XB', memroy: 4, time: '25:99:00:00' });
    expect(err.issues.map((i) => i.option).sort()).toEqual(['cores', 'mem', 'memroy', 'time']);
    expect(err.message).toMatch(/^4 invalid options:/);
  });

  it('reports the same option given twice through synonyms', () => {
    const err = errorOf({ cores: 2, cpus: 3, memory: '1G', mem: 5 });
    expect(err.issues.map((i) => i.code)).toEqual(['conflict', 'conflict']);
    expect(err.issues[0]!.message).toMatch(/'cpus' and 'cores'/);
  });

  it('names the source when one is given', () => {
    expect(errorOf({ cores: 0 }, { source: 'my.ini [prof_x]' }).issues[0]!.source).toBe('my.ini [prof_x]');
  });
});

describe('checkOptions: local mode', () => {
  it('drops cluster-only options and keeps the rest', () => {
    const o = checkOptions({ mem: '1G', partition: 'debug', nodes: 2, time: '1h', env: { A: '1' }, extra: ['--x'] }, { qtype: 'local' });
    expect(o).not.toHaveProperty('mem');
    expect(o).not.toHaveProperty('partition');
    expect(o).not.toHaveProperty('nodes');
    expect(o).not.toHaveProperty('extra');
    expect(o).toMatchObject({ time: 3600, env: { A: '1' }, cores: 1 });
  });

  it('takes the mode from the qtype key too', () => {
    expect(checkOptions({ qtype: 'local', mem: 5 })).not.toHaveProperty('mem');
    expect(checkOptions({ qtype: 'slurm', mem: 5 }).mem).toBe(5);
  });

  it("trims cores to this machine's count", () => {
    const max = availableParallelism();
    expect(checkOptions({ cores: max + 10 }, { qtype: 'local' }).cores).toBe(max);
    expect(checkOptions({ cores: max + 10 }, { qtype: 'slurm' }).cores).toBe(max + 10);
  });

  it('still reports errors in options it would drop', () => {
    expect(errorOf({ mem: 'lots' }, { qtype: 'local' }).issues[0]!.option).toBe('mem');
  });
});

describe('options a back-end does not support', () => {
  it('is an OptionError naming the scheduler, for an option set by the user (not a table default)', () => {
    const err = (() => {
      try {
        checkOptions({ begin: 'now+1hour', reservation: 'r1', mem: '1G' }, { qtype: 'torque' });
      } catch (e) {
        return e as OptionError;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(OptionError);
    expect(err!.issues.map((i) => [i.code, i.option])).toEqual([['unsupported', 'reservation'], ['unsupported', 'begin']]);
    expect(err!.message).toMatch(/begin: not supported on Torque/);
    // killOnInvalidDep (default true) and cores (default 1) are table defaults: no issue.
    expect(checkOptions({ mem: '1G' }, { qtype: 'torque' }).killOnInvalidDep).toBe(true);
    expect(checkOptions({ begin: 'now+1hour' }, { qtype: 'slurm' }).begin).toBe('now+1hour');
  });
});
