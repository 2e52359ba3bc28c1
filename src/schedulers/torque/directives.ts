/**
 * `#PBS` lines: one renderer per option Torque supports (qsub's manual, `-l` resources:
 * https://docs.adaptivecomputing.com/torque/6-1-2/adminGuide/help.htm#topics/torque/commands/qsub.htm).
 */
import type { CheckedOptions } from '../../options/types.js';
import { formatHms } from '../../options/units.js';
import type { DirectiveSyntax, OptionRenderer } from '../backend.js';
import { arg, q, valued } from '../directive-args.js';
import { qsubExportLines, qsubMailLetters } from '../qsub-args.js';

/** `nodes=N:ppn=C[:feature...][:gpus=G]`: one `-l` line for cores, nodes, tasksPerNode, features and gpus. */
function nodesResource(o: CheckedOptions): string {
  const ppn = (o.cores ?? 1) * (o.tasksPerNode ?? 1);
  const features = (o.features ?? []).map((f) => `:${f}`).join('');
  const gpus = o.gpus ? `:gpus=${o.gpus}` : '';
  return `nodes=${o.nodes ?? 1}:ppn=${ppn}${features}${gpus}`;
}
const NODES: OptionRenderer = { flag: '-l nodes=N:ppn=C[:feature...][:gpus=G]', render: (_v, o) => [arg('-l', q(nodesResource(o)))], always: true };

const raw = (flag: string): OptionRenderer<string | number> => valued(flag);
const resource = (name: string): OptionRenderer<string | number> => ({ flag: `-l ${name}=`, render: (v) => [arg('-l', q(`${name}=${v}`))] });

/** Torque job names: PBS allows printable characters without whitespace; hpcq keeps a portable subset. */
export function torqueJobName(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9_.-]/g, '_');
  return /^[A-Za-z]/.test(clean) ? clean : `j${clean}`;
}

/** Torque's directive syntax. */
export const torqueDirectives: DirectiveSyntax = {
  prefix: '#PBS',
  jobName: (name) => `-N ${torqueJobName(name)}`,
  options: {
    cores: NODES,
    nodes: NODES,
    tasksPerNode: NODES,
    features: NODES,
    gpus: NODES,
    tasks: resource('procs'),
    outfile: raw('-o'),
    errfile: raw('-e'),
    time: valued('-l', (s: number) => `walltime=${formatHms(s)}`, { bare: true, shown: '-l walltime=' }),
    mem: valued('-l', (mb: number) => `mem=${mb}mb`, { bare: true, shown: '-l mem=' }),
    partition: raw('-q'),
    account: raw('-A'),
    qos: resource('qos'),
    export: { flag: '-V / -v', render: (_v, o) => qsubExportLines(o) },
    array: raw('-t'),
    mailUser: raw('-M'),
    mailType: valued('-m', qsubMailLetters, { bare: true }),
    requeue: valued('-r', (on: boolean) => (on ? 'y' : 'n'), { bare: true }),
    // Enforced by hpcq's dependency guard (the back-end is 'guarded'), so there is nothing to write.
    killOnInvalidDep: { flag: '(dependency guard)', render: () => [] },
  },
};
