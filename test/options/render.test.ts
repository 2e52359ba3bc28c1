import { describe, expect, it } from 'vitest';
import { checkOptions, quoteDirectiveValue, renderDirectives } from '../../src/options/index.js';

const ACCEPTANCE = { cores: 2, mem: '1GB', time: '10m', partition: 'debug', name: "it's a $(test) job" };

const FULL = {
  name: 'full',
  cores: 4,
  dir: '/scratch/run 1',
  outfile: '/scratch/out.txt',
  errfile: '/scratch/err.txt',
  nodes: 2,
  tasks: 8,
  tasksPerNode: 4,
  features: ['ib', 'avx2'],
  time: '1d12h',
  mem: '1.5T',
  gpus: 2,
  partition: 'gpu',
  account: 'lab',
  qos: 'high',
  reservation: 'maint',
  exclusive: true,
  exclude: 'n1,n2',
  export: 'ALL',
  env: { OMP_NUM_THREADS: '4', GREETING: 'hello world' },
  begin: 'now+1hour',
  depends: ['12'],
  array: '0-99%10',
  mailUser: 'me@example.org',
  mailType: ['BEGIN', 'FAIL'],
  requeue: false,
  killOnInvalidDep: true,
  setup: ['source env.sh'],
  extra: ['--licenses=matlab', '#SBATCH --comment=raw', '#PBS -W x=1'],
};

describe('renderDirectives: golden', () => {
  it('renders the acceptance options for Slurm', () => {
    expect(renderDirectives(checkOptions(ACCEPTANCE), 'slurm')).toEqual([
      `#SBATCH --job-name="it's a $(test) job"`,
      '#SBATCH --cpus-per-task=2',
      '#SBATCH --time=00:10:00',
      '#SBATCH --mem=1024M',
      '#SBATCH --partition=debug',
      '#SBATCH --kill-on-invalid-dep=yes',
    ]);
  });

  it('renders the acceptance options for Torque', () => {
    expect(renderDirectives(checkOptions(ACCEPTANCE), 'torque')).toEqual([
      '#PBS -N it_s_a___test__job',
      '#PBS -l nodes=1:ppn=2',
      '#PBS -l walltime=00:10:00',
      '#PBS -l mem=1024mb',
      '#PBS -q debug',
    ]);
  });

  it('renders every option for Slurm in table order, without dependencies', () => {
    expect(renderDirectives(checkOptions(FULL), 'slurm')).toEqual([
      '#SBATCH --job-name=full',
      '#SBATCH --cpus-per-task=4',
      '#SBATCH --chdir="/scratch/run 1"',
      '#SBATCH --output=/scratch/out.txt',
      '#SBATCH --error=/scratch/err.txt',
      '#SBATCH --nodes=2',
      '#SBATCH --ntasks=8',
      '#SBATCH --ntasks-per-node=4',
      '#SBATCH --constraint="ib&avx2"',
      '#SBATCH --time=1-12:00:00',
      '#SBATCH --mem=1572864M',
      '#SBATCH --gres=gpu:2',
      '#SBATCH --partition=gpu',
      '#SBATCH --account=lab',
      '#SBATCH --qos=high',
      '#SBATCH --reservation=maint',
      '#SBATCH --exclusive',
      '#SBATCH --exclude=n1,n2',
      '#SBATCH --export=ALL',
      '#SBATCH --begin=now+1hour',
      '#SBATCH --array=0-99%10',
      '#SBATCH --mail-user=me@example.org',
      '#SBATCH --mail-type=BEGIN,FAIL',
      '#SBATCH --no-requeue',
      '#SBATCH --kill-on-invalid-dep=yes',
      '#SBATCH --licenses=matlab',
      '#SBATCH --comment=raw',
    ]);
  });

  it('renders every option for Torque, nodes/cores/features/gpus in one -l', () => {
    expect(renderDirectives(checkOptions(FULL), 'torque')).toEqual([
      '#PBS -N full',
      '#PBS -l nodes=2:ppn=16:ib:avx2:gpus=2',
      '#PBS -o /scratch/out.txt',
      '#PBS -e /scratch/err.txt',
      '#PBS -l procs=8',
      '#PBS -l walltime=36:00:00',
      '#PBS -l mem=1572864mb',
      '#PBS -q gpu',
      '#PBS -A lab',
      '#PBS -l qos=high',
      '#PBS -V',
      '#PBS -t 0-99%10',
      '#PBS -M me@example.org',
      '#PBS -m ab',
      '#PBS -r n',
      '#PBS --licenses=matlab',
      '#PBS -W x=1',
    ]);
  });
});

describe('renderDirectives: details', () => {
  it('leaves env values to the job script and renders only the export list', () => {
    expect(renderDirectives(checkOptions({ env: { A: '0,1' } }), 'slurm').filter((l) => /export|A=/.test(l))).toEqual([]);
    expect(renderDirectives(checkOptions({ export: 'NONE', env: { A: '1' } }), 'slurm')).toContain('#SBATCH --export=NONE');
    expect(renderDirectives(checkOptions({ export: 'HOME,PATH', env: { A: '1' } }), 'torque')).toContain('#PBS -v HOME,PATH');
    expect(renderDirectives(checkOptions({ export: 'ALL' }), 'torque')).toContain('#PBS -V');
  });

  it('renders booleans both ways', () => {
    const on = renderDirectives(checkOptions({ requeue: true, exclusive: true, killOnInvalidDep: false }), 'slurm');
    expect(on).toEqual(expect.arrayContaining(['#SBATCH --requeue', '#SBATCH --exclusive', '#SBATCH --kill-on-invalid-dep=no']));
    const off = renderDirectives(checkOptions({ exclusive: false }), 'slurm');
    expect(off.some((l) => l.includes('exclusive'))).toBe(false);
    expect(renderDirectives(checkOptions({ requeue: true }), 'torque')).toContain('#PBS -r y');
  });

  it('maps mail types to Torque letters', () => {
    expect(renderDirectives(checkOptions({ mailType: 'ALL' }), 'torque')).toContain('#PBS -m abe');
    expect(renderDirectives(checkOptions({ mailType: 'NONE' }), 'torque')).toContain('#PBS -m n');
    expect(renderDirectives(checkOptions({ mailType: 'TIME_LIMIT' }), 'torque').some((l) => l.includes('-m'))).toBe(false);
  });

  it('renders nodes alone and tasks per node for Torque', () => {
    expect(renderDirectives(checkOptions({ nodes: 3, tasksPerNode: 2 }), 'torque')[0]).toBe('#PBS -l nodes=3:ppn=2');
  });

  it('accepts options that skipped checkOptions defaults', () => {
    expect(renderDirectives({ mem: 5 } as never, 'torque')).toEqual(['#PBS -l nodes=1:ppn=1', '#PBS -l mem=5mb']);
  });
});

describe('quoteDirectiveValue', () => {
  it.each([
    ['debug', 'debug'],
    ['/a/b-c_d.e', '/a/b-c_d.e'],
    ['a b', '"a b"'],
    [`it's`, `"it's"`],
    ['say "hi"', '"say \\"hi\\""'],
    ['back\\slash', '"back\\\\slash"'],
    ['a#b', '"a#b"'],
    ['$(rm -rf /) `x`', '"$(rm -rf /) `x`"'],
    ['line1\nline2', '"line1 line2"'],
    ['ünïcode', '"ünïcode"'],
    ['myhetjob', '"myhet\\job"'],
    ['PackJob', '"Pack\\Job"'],
    ['', '""'],
  ])('%j -> %s', (input, out) => {
    expect(quoteDirectiveValue(input)).toBe(out);
  });

  it('flattens newlines in job names', () => {
    expect(renderDirectives(checkOptions({ name: 'two\nlines' }), 'slurm')[0]).toBe('#SBATCH --job-name="two lines"');
  });
});
