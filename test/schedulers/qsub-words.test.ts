/** Which words may reach qsub's command line (Slurm's qsub wrapper runs them through /bin/sh). */
import { describe, expect, it } from 'vitest';
import { OptionError } from '../../src/errors.js';
import { qsubWord, unsafeQsubChar } from '../../src/schedulers/torque/qsub-words.js';
import { torqueBackend } from '../../src/schedulers/torque/index.js';

describe('qsubWord', () => {
  it('passes paths and dependency lists that a shell reads unchanged', () => {
    for (const v of ['/home/ana/run-1/job.cluster.out', 'job_2.cluster.qsub', 'afterok:12.server:13,afterany:7', 'a+b=c@d']) {
      expect(qsubWord('outfile', v)).toBe(v);
    }
  });

  it('names the first character a shell would act on', () => {
    const cases: [string, string][] = [
      ['/tmp/$(id)', '$'],
      ['/tmp/`id`', '`'],
      ["/tmp/it's", "'"],
      ['/tmp/a b', ' '],
      ['/tmp/a;b', ';'],
      ['/tmp/a\tb', '\t'],
      ['/tmp/*', '*'],
      ['~/out', '~'],
      ['-x.out', '-'],
    ];
    for (const [value, ch] of cases) expect(unsafeQsubChar(value), value).toBe(ch);
  });

  it('throws an OptionError naming the option, the character and why', () => {
    let err: unknown;
    try {
      qsubWord('errfile', '/data/my results.err');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OptionError);
    expect((err as OptionError).issues).toEqual([expect.objectContaining({ code: 'invalid_value', option: 'errfile' })]);
    expect((err as Error).message).toMatch(/errfile "\/data\/my results.err" contains a space, which qsub cannot pass on safely: .*through a shell/);
  });

  it('guards every value of the Torque submit command', () => {
    const req = { script: 'j.qsub', cwd: '/w', outfile: 'j.out', errfile: 'j.err', depends: { afterok: ['1'] } };
    expect(torqueBackend.submitCommand(req)).toEqual(['qsub', '-W', 'depend=afterok:1', '-o', 'j.out', '-e', 'j.err', 'j.qsub']);
    for (const bad of [{ outfile: 'a b' }, { errfile: '$(x)' }, { script: 'j`x`.qsub' }, { depends: { afterok: ['1;x'] } }]) {
      expect(() => torqueBackend.submitCommand({ ...req, ...bad }), JSON.stringify(bad)).toThrow(OptionError);
    }
  });
});
