// argv builders of the back-ends and the Slurm state table for states the testbed cannot produce.
import { describe, expect, it } from 'vitest';
import { getBackend, normalizeSlurmState, parseExitCode } from '../../src/schedulers/index.js';
import { isTransient } from '../../src/schedulers/messages.js';

describe('slurm back-end argv', () => {
  const slurm = getBackend('slurm');
  it('submits with --parsable, dependencies, outputs and the working directory', () => {
    expect(
      slurm.submitCommand({ script: 'a.sbatch', cwd: '/w', outfile: 'o', errfile: 'e', depends: { afterok: ['1', '2'], afterany: ['3'] } }),
    ).toEqual(['sbatch', '--parsable', '--dependency=afterok:1:2,afterany:3', '--output=o', '--error=e', '--chdir=/w', 'a.sbatch']);
    expect(slurm.submitCommand({ script: 's', cwd: '/w', depends: {} })).toEqual(['sbatch', '--parsable', '--chdir=/w', 's']);
  });
  it('lists the queue with all states, by user and ids', () => {
    const argv = slurm.queueCommand({ user: 'ann', ids: ['1', '2'] });
    expect(argv).toContain('--states=all');
    expect(argv).toContain('--user=ann');
    expect(argv).toContain('--jobs=1,2');
    expect(slurm.historyCommand!(['5'])).toEqual(expect.arrayContaining(['sacct', '--parsable2', '--jobs=5']));
    expect(slurm.historyCommand!(['5'])).not.toContain('-X');
    expect(slurm.detailCommand!('5')).toEqual(['scontrol', 'show', 'job', '-o', '5']);
    expect(slurm.cancelCommand(['5', '6'])).toEqual(['scancel', '5', '6']);
  });
  it('knows transient controller errors', () => {
    expect(isTransient(slurm, 'squeue: error: Unable to contact slurm controller (connect failure)')).toBe(true);
    expect(isTransient(slurm, 'slurm_load_jobs error: Socket timed out on send/recv operation')).toBe(true);
    expect(isTransient(slurm, 'sbatch: error: invalid partition specified')).toBe(false);
  });
});

describe('torque back-end argv', () => {
  const torque = getBackend('torque');
  it('submits with -W depend, -o and -e', () => {
    expect(torque.submitCommand({ script: 'a.qsub', cwd: '/w', outfile: 'o', errfile: 'e', depends: { afterok: ['1', '2'] } })).toEqual([
      'qsub', '-W', 'depend=afterok:1:2', '-o', 'o', '-e', 'e', 'a.qsub',
    ]);
    expect(torque.queueCommand({ ids: ['7'] })).toEqual(['qstat', '-x', '7']);
    expect(torque.cancelCommand(['7'])).toEqual(['qdel', '7']);
    expect(isTransient(torque, 'Cannot connect to specified server host')).toBe(true);
  });
});

describe('Slurm states the testbed cannot produce', () => {
  it.each([
    ['NODE_FAIL', '0:0', 'failed', 'node_fail'],
    ['PREEMPTED', '0:0', 'failed', 'preempted'],
    ['BOOT_FAIL', '0:0', 'failed', 'boot_fail'],
    ['DEADLINE', '0:0', 'failed', 'deadline'],
    ['REQUEUED', '0:0', 'pending', undefined],
    ['CANCELLED by 1234', '0:15', 'cancelled', undefined],
    ['CANCELLED+', '0:0', 'cancelled', undefined],
    ['CD', undefined, 'completed', undefined],
    ['TO', '0:0', 'failed', 'timeout'],
  ] as const)('%s %s', (raw, exit, state, reason) => {
    const s = normalizeSlurmState(raw, exit);
    expect(s?.state).toBe(state);
    expect(s?.reason).toBe(reason);
  });
  it('reads exit codes: a:b where b is a signal, 125 is not', () => {
    expect(parseExitCode('0:15')).toEqual({ exitCode: 143, signal: 15 });
    expect(parseExitCode('3:0')).toEqual({ exitCode: 3, signal: null });
    expect(parseExitCode('0:125')).toEqual({ exitCode: null, signal: null });
    expect(normalizeSlurmState('PENDING', '0:0', 'JobHeldAdmin')?.state).toBe('held');
    expect(normalizeSlurmState('NOT_A_STATE')).toBeUndefined();
  });
});
