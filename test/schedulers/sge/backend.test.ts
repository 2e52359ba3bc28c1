// The Grid Engine back-end's argv builders, directives, job environment and detection (over
// the `qstat -help` outputs recorded on the testbed).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OptionError } from '../../../src/errors.js';
import { checkOptions } from '../../../src/options/index.js';
import type { CheckedOptions } from '../../../src/options/types.js';
import type { Probe } from '../../../src/schedulers/backend.js';
import { isTransient } from '../../../src/schedulers/messages.js';
import { sgeBackend as sge, sgeJobName } from '../../../src/schedulers/sge/index.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'sge', name), 'utf8');
const render = (option: keyof typeof sge.directives.options, value: unknown, all: Partial<CheckedOptions> = {}) =>
  (sge.directives.options[option] as { render(v: unknown, o: CheckedOptions): readonly string[] }).render(value, { ...all, [option]: value } as CheckedOptions);

describe('sge argv', () => {
  it('submits -terse with bash, the working directory, one -hold_jid for every kind, and the outputs', () => {
    expect(
      sge.submitCommand({ script: 'a.sge', cwd: '/w d', outfile: 'o', errfile: 'e', depends: { afterok: ['1', '2.3'], afterany: ['2'], afternotok: ['4'] } }),
    ).toEqual(['qsub', '-terse', '-S', '/bin/bash', '-wd', '/w d', '-hold_jid', '1,2,4', '-o', 'o', '-e', 'e', 'a.sge']);
    expect(sge.submitCommand({ script: 's', cwd: '/w', depends: {} })).toEqual(['qsub', '-terse', '-S', '/bin/bash', '-wd', '/w', 's']);
  });

  it('lists jobs as XML, reads history with qacct, details with qstat -j, cancels with qdel', () => {
    expect(sge.queueCommand({ user: 'ann', ids: ['1'] })).toEqual(['qstat', '-xml', '-u', 'ann']);
    expect(sge.queueCommand({})).toEqual(['qstat', '-xml', '-u', '*']);
    expect(sge.historyCommand!(['7.2', '7.3'])).toEqual(['qacct', '-j', '7']);
    expect(sge.historyCommand!(['7', '8'])).toEqual(['qacct', '-E', '-d', '1', '-j']);
    expect(sge.detailCommand!('7.2')).toEqual(['qstat', '-j', '7', '-xml']);
    expect(sge.cancelCommand(['7', '8.2'])).toEqual(['qdel', '7', '8.2']);
    expect(sge.ids.task('12', '3')).toBe('12.3');
    expect(sge.ids.split('12.1-3:1')).toEqual({ id: '12', baseId: '12', arrayIndex: '1-3:1' });
    expect(sge.ids.split('12.4')).toEqual({ id: '12.4', baseId: '12', arrayIndex: '4' });
    expect(sge.ids.split('12[4]')).toBeUndefined();
  });

  it('tells transient qmaster errors and unknown jobs from refusals', () => {
    expect(isTransient(sge, 'error: commlib error: got select error (Connection refused)')).toBe(true);
    expect(isTransient(sge, 'error: unable to send message to qmaster using port 6444 on host "vm": got send error')).toBe(true);
    expect(isTransient(sge, fixture('testbed-qsub-unknown-resource.txt'))).toBe(false);
    expect(isTransient(sge, 'error: unable to contact qmaster using port 6444 on host "vm"')).toBe(true);
    for (const f of ['testbed-qdel-unknown.txt', 'testbed-qstat-j-unknown.txt', 'testbed-qacct-j-unknown.txt']) {
      expect(fixture(f)).toMatch(sge.messages.noSuchJob);
    }
    expect(fixture('testbed-qdel-running.txt')).not.toMatch(sge.messages.noSuchJob);
    expect('anything at all').not.toMatch(sge.messages.neverSatisfiable);
  });
});

describe('sge directives', () => {
  it('renders cores as a parallel environment, memory, h_rt, queue and array', () => {
    expect(render('cores', 1)).toEqual([]);
    expect(render('cores', 4)).toEqual(['-pe smp 4']);
    // For the whole job, whatever the slots: a host value, not a per-slot consumable.
    expect(render('mem', 1024, { cores: 4 })).toEqual(['-l virtual_free=1024M']);
    expect(render('time', 5400)).toEqual(['-l h_rt=01:30:00']);
    expect(render('partition', 'all.q')).toEqual(['-q all.q']);
    expect(render('array', '1-10:2%3')).toEqual(['-t 1-10:2', '-tc 3']);
    expect(render('mailType', ['BEGIN', 'FAIL'])).toEqual(['-m ab']);
    expect(render('requeue', false)).toEqual(['-r n']);
    expect(render('killOnInvalidDep', true)).toEqual([]);
    expect(sge.directives.prefix).toBe('#$');
  });

  it('has no spelling for what a cell cannot portably ask for', () => {
    for (const o of ['tasks', 'tasksPerNode', 'gpus', 'features', 'qos', 'begin', 'exclusive', 'exclude', 'reservation']) {
      expect(sge.directives.options, o).not.toHaveProperty(o);
    }
  });

  it("reads the largest array from qconf -sconf's max_aj_tasks (0: no limit)", () => {
    expect(sge.arrayLimitCommand!()).toEqual(['qconf', '-sconf']);
    expect(sge.commands).toContain('qconf');
    expect(sge.parseArrayLimit!(fixture('testbed-qconf-sconf.txt'))).toBe(75000);
    expect(sge.parseArrayLimit!('max_aj_instances 2000\nmax_aj_tasks 0\n')).toBeUndefined();
    expect(sge.parseArrayLimit!('max_aj_instances 2000\n')).toBeUndefined();
  });

  it('takes one node (the default profile) and refuses more, naming Grid Engine', () => {
    expect(render('nodes', 1)).toEqual([]);
    expect(checkOptions({ nodes: 1 }, { qtype: 'sge' }).nodes).toBe(1);
    expect(() => checkOptions({ nodes: 2, gpus: 1 }, { qtype: 'sge' })).toThrow(OptionError);
    expect(() => checkOptions({ nodes: 2 }, { qtype: 'sge' })).toThrow(/nodes: 2 nodes: more than one host is not supported on Grid Engine/);
    expect(() => checkOptions({ gpus: 1 }, { qtype: 'sge' })).toThrow(/gpus: not supported on Grid Engine/);
  });

  it('names jobs as qsub -N accepts them', () => {
    expect(sge.directives.jobName("it's \"$(x)\" a/b:c@d")).toBe('-N it_s____x___a_b_c_d');
    expect(sgeJobName('1st')).toBe('j1st');
  });
});

describe('sge job environment', () => {
  // The bash words run for real, with the variables Grid Engine sets in a job.
  const word = (w: string, env: Record<string, string>) =>
    execFileSync('bash', ['-c', `printf %s ${w}`], { env: { PATH: process.env.PATH!, ...env } }).toString();
  it('gives the task id of an array task and the job id otherwise', () => {
    expect(word(sge.env.jobId, { JOB_ID: '12', SGE_TASK_ID: '3' })).toBe('12.3');
    expect(word(sge.env.jobId, { JOB_ID: '12', SGE_TASK_ID: 'undefined' })).toBe('12');
    expect(word(sge.env.arrayIndex, { JOB_ID: '12', SGE_TASK_ID: 'undefined' })).toBe('');
    expect(word(sge.env.arrayIndex, { SGE_TASK_ID: '3' })).toBe('3');
    expect(word(sge.env.cores, { NSLOTS: '4' })).toBe('4');
    expect(word(sge.env.submitDir, { SGE_O_WORKDIR: '/w' })).toBe('/w');
    expect(word(sge.env.nodes, { HOSTNAME: 'n1' })).toBe('n1');
  });
});

describe('sge detection', () => {
  const probe = (help: string, has = true): Probe => ({
    has: async () => has,
    run: async (argv) => ({ command: argv, exitCode: 0, stdout: help, stderr: '' }),
    env: async () => undefined,
  });
  it("says yes to Grid Engine's qstat only", async () => {
    expect(await sge.detect(probe(fixture('testbed-qstat-help.txt')))).toBe(true);
    expect(await sge.detect(probe(fixture('testbed-torque-qstat-help.txt')))).toBe(false);
    expect(await sge.detect(probe(fixture('testbed-qstat-help.txt'), false))).toBe(false);
  });
});
