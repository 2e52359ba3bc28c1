/**
 * `#PBS` lines: one renderer per option Torque supports (qsub's manual, `-l` resources:
 * https://docs.adaptivecomputing.com/torque/6-1-2/adminGuide/help.htm#topics/torque/commands/qsub.htm).
 */
import type { CheckedOptions } from '../../options/types.js';
import { formatHms } from '../../options/units.js';
import type { DirectiveSyntax, OptionRenderer } from '../backend.js';
import { arg, exportNames, q, valued } from '../directive-args.js';

/** `nodes=N:ppn=C[:feature...][:gpus=G]`: one `-l` line for cores, nodes, tasksPerNode, features and gpus. */
function nodesResource(o: CheckedOptions): string {
  const ppn = (o.cores ?? 1) * (o.tasksPerNode ?? 1);
  const features = (o.features ?? []).map((f) => `:${f}`).join('');
  const gpus = o.gpus ? `:gpus=${o.gpus}` : '';
  return `nodes=${o.nodes ?? 1}:ppn=${ppn}${features}${gpus}`;
}
const NODES: OptionRenderer = { flag: '-l nodes=N:ppn=C[:feature...][:gpus=G]', render: (_v, o) => [arg('-l', q(nodesResource(o)))], always: true };

const MAIL: Record<string, string> = { FAIL: 'a', BEGIN: 'b', END: 'e', ALL: 'abe', NONE: 'n' };

/** Slurm's mail types as Torque's `abe` letters (`n` only alone). */
function mailLetters(types: string[]): string | undefined {
  const letters = new Set(types.flatMap((t) => [...(MAIL[t] ?? '')]));
  if (letters.has('n') && letters.size > 1) letters.delete('n');
  const out = ['a', 'b', 'e', 'n'].filter((l) => letters.has(l)).join('');
  return out || undefined;
}

/** `-V` for ALL, `-v a,b` for names; NONE is Torque's default. */
function exportLines(o: CheckedOptions): string[] {
  const names = exportNames(o);
  const upper = names.map((s) => s.toUpperCase());
  const out = upper.includes('ALL') ? ['-V'] : [];
  const list = names.filter((_, i) => upper[i] !== 'ALL' && upper[i] !== 'NONE');
  if (list.length) out.push(arg('-v', q(list.join(','))));
  return out;
}

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
    export: { flag: '-V / -v', render: (_v, o) => exportLines(o) },
    array: raw('-t'),
    mailUser: raw('-M'),
    mailType: valued('-m', mailLetters, { bare: true }),
    requeue: valued('-r', (on: boolean) => (on ? 'y' : 'n'), { bare: true }),
    // Enforced by hpcq's dependency guard (the back-end is 'guarded'), so there is nothing to write.
    killOnInvalidDep: { flag: '(dependency guard)', render: () => [] },
  },
};
