/**
 * `#$` lines: one renderer per option Grid Engine supports (qsub(1) and complex(5), the `-l`
 * resources: https://manpages.debian.org/bookworm/gridengine-client/qsub.1.en.html).
 * Options without a renderer here (tasks, gpus, features, qos, begin, ...) are refused
 * with an OptionError naming Grid Engine: a cell has no portable spelling for them.
 */
import { formatHms } from '../../options/units.js';
import type { DirectiveSyntax, OptionRenderer } from '../backend.js';
import { arg, valued } from '../directive-args.js';
import { qsubExportLines, qsubMailLetters } from '../qsub-args.js';

/**
 * The parallel environment that gives a job several slots on one host. Sites name theirs
 * (`qconf -spl`); `smp` with `allocation_rule $pe_slots` is the common one, and the testbed's.
 */
export const SGE_PE = 'smp';

/** `-pe smp N` for more than one core; one slot needs no parallel environment. */
const CORES: OptionRenderer<number> = { flag: `-pe ${SGE_PE} N`, render: (n) => (n > 1 ? [`-pe ${SGE_PE} ${n}`] : []) };

/**
 * `nodes = 1` (the default profile's) is what Grid Engine gives anyway: one slot, or `-pe smp N`
 * whose `$pe_slots` allocation puts every slot on one host. More hosts need a site's own
 * parallel environment (allocation_rule `$fill_up`), which has no portable name: refused.
 */
const NODES: OptionRenderer<number> = {
  flag: '(1: one host)',
  render: () => [],
  refuse: (n) => (n === 1 ? undefined : `${n} nodes: more than one host is not supported`),
};

/**
 * `-l virtual_free=`: the job goes to a host with that much memory free (as Nextflow's
 * SgeExecutor asks). Not `h_vmem`: it limits each process's address space, per slot, and node
 * (which runs hpcq's function jobs) does not even start under about 800 MB of address space.
 * virtual_free is a host value, so hpcq's `mem` (for the job) is asked as it is.
 */
const MEM: OptionRenderer<number> = { flag: '-l virtual_free=', render: (mb) => [arg('-l', `virtual_free=${mb}M`)] };

/** Slurm's array form `1-10:2%3` as `-t 1-10:2` and `-tc 3`; qsub refuses what it cannot take (lists). */
function arrayLines(spec: string): string[] {
  const [range, limit] = spec.split('%');
  return [arg('-t', range!), ...(limit ? [arg('-tc', limit)] : [])];
}

/**
 * Grid Engine job names may not hold whitespace, `/`, `:`, `@`, `\`, `*` or `?`, nor start
 * with a digit (qsub -N); hpcq keeps a portable subset.
 */
export function sgeJobName(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9_.-]/g, '_');
  return /^[A-Za-z]/.test(clean) ? clean : `j${clean}`;
}

/** Grid Engine's directive syntax. */
export const sgeDirectives: DirectiveSyntax = {
  prefix: '#$',
  jobName: (name) => `-N ${sgeJobName(name)}`,
  options: {
    cores: CORES,
    nodes: NODES,
    time: valued('-l', (s: number) => `h_rt=${formatHms(s)}`, { bare: true, shown: '-l h_rt=' }),
    mem: MEM,
    partition: valued('-q'),
    account: valued('-A'),
    export: { flag: '-V / -v', render: (_v, o) => qsubExportLines(o) },
    array: { flag: '-t / -tc', render: (spec: string) => arrayLines(spec) },
    mailUser: valued('-M'),
    mailType: valued('-m', qsubMailLetters, { bare: true }),
    requeue: valued('-r', (on: boolean) => (on ? 'y' : 'n'), { bare: true }),
    // Enforced by hpcq's dependency guard (the back-end is 'guarded'), so there is nothing to write.
    killOnInvalidDep: { flag: '(dependency guard)', render: () => [] },
  },
};
