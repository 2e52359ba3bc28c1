/**
 * `#SBATCH` lines: one renderer per option Slurm supports (https://slurm.schedmd.com/sbatch.html).
 * Long options are written `--flag=value`; values are quoted only when they need it.
 */
import type { DirectiveSyntax, OptionRenderer } from '../backend.js';
import { arg, exportNames, q, valued } from '../directive-args.js';
import { formatSlurmTime } from '../../options/units.js';

const raw = (flag: string): OptionRenderer<string | number> => valued(flag);
const joined = (flag: string, sep: string): OptionRenderer<string[]> => valued(flag, (list: string[]) => (list.length ? list.join(sep) : undefined));
const yesNo = (flag: string): OptionRenderer<boolean> => valued(flag, (v: boolean) => (v ? 'yes' : 'no'), { bare: true });

/** Slurm's directive syntax. */
export const slurmDirectives: DirectiveSyntax = {
  prefix: '#SBATCH',
  jobName: (name) => `--job-name=${q(name)}`,
  options: {
    cores: raw('--cpus-per-task'),
    dir: raw('--chdir'),
    outfile: raw('--output'),
    errfile: raw('--error'),
    nodes: raw('--nodes'),
    tasks: raw('--ntasks'),
    tasksPerNode: raw('--ntasks-per-node'),
    features: joined('--constraint', '&'),
    time: valued('--time', formatSlurmTime, { bare: true }),
    mem: valued('--mem', (mb: number) => `${mb}M`, { bare: true }),
    gpus: valued('--gres', (n: number) => `gpu:${n}`, { bare: true, shown: '--gres=gpu:' }),
    partition: raw('--partition'),
    account: raw('--account'),
    qos: raw('--qos'),
    reservation: raw('--reservation'),
    exclusive: { flag: '--exclusive', render: (on) => (on ? ['--exclusive'] : []) },
    exclude: joined('--exclude', ','),
    export: { flag: '--export', render: (_v, o) => (exportNames(o).length ? [arg('--export', q(exportNames(o).join(',')))] : []) },
    begin: raw('--begin'),
    array: raw('--array'),
    mailUser: raw('--mail-user'),
    mailType: joined('--mail-type', ','),
    requeue: { flag: '--requeue / --no-requeue', render: (on) => [on ? '--requeue' : '--no-requeue'] },
    killOnInvalidDep: yesNo('--kill-on-invalid-dep'),
  },
};
