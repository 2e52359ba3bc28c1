/**
 * The options table: every submission keyword, declared once. Data only; the order of
 * the rows is the order of the rendered directives. `JobOptions` is inferred from it
 * (types.ts). How each scheduler writes an option is its back-end's business
 * (src/schedulers/<name>/directives.ts); `hpcq: true` marks options hpcq implements itself on
 * every back-end.
 */
import type { OptionSpec } from './spec.js';

export const OPTION_TABLE = [
  {
    name: 'cores', type: 'int', synonyms: ['cpus', 'cpus_per_task'], default: 1, min: 1,
    help: 'CPU cores for the job (per task). Local mode trims it to the cores this machine has.',
    local: 'used', scope: 'common',
  },
  {
    name: 'modules', type: 'list', synonyms: [], default: [], separator: 'comma',
    help: "Environment modules loaded with 'module load' before the command.",
    hpcq: true, local: 'used', scope: 'common',
  },
  {
    name: 'filedir', type: 'string', synonyms: [],
    help: 'Directory for the job files (scripts, outputs); must be visible to the compute nodes. Default: the working directory.',
    hpcq: true, local: 'used', scope: 'common',
  },
  {
    name: 'dir', type: 'string', synonyms: ['workdir', 'chdir'],
    help: 'Working directory the command runs in. Default: the directory hpcq was called from.',
    hpcq: true, local: 'used', scope: 'common',
  },
  {
    name: 'suffix', type: 'string', synonyms: [], default: 'cluster', fileName: true,
    help: 'Suffix of the job file names (<name>.<suffix>.sbatch, .out, ...).',
    hpcq: true, local: 'used', scope: 'common',
  },
  {
    name: 'outfile', type: 'string', synonyms: ['stdout'],
    help: 'File for the standard output. Default: <name>.<suffix>.out in filedir.',
    hpcq: true, local: 'used', scope: 'common',
  },
  {
    name: 'errfile', type: 'string', synonyms: ['stderr'],
    help: 'File for the standard error. Default: <name>.<suffix>.err in filedir.',
    hpcq: true, local: 'used', scope: 'common',
  },
  {
    name: 'threads', type: 'int', synonyms: [], min: 1,
    help: 'Local mode only: how many jobs the local runner runs at once. Default: the number of cores.',
    hpcq: true, local: 'used', scope: 'local',
  },
  {
    name: 'nodes', type: 'int', synonyms: [], min: 1,
    help: 'Number of nodes to request.',
    local: 'ignored', scope: 'cluster',
  },
  {
    name: 'tasks', type: 'int', synonyms: ['ntasks'], min: 1,
    help: 'Number of tasks (MPI ranks). Torque: -l procs=N.',
    local: 'ignored', scope: 'cluster',
  },
  {
    name: 'tasksPerNode', type: 'int', synonyms: ['tasks_per_node', 'ntasks_per_node'], min: 1,
    help: 'Tasks per node (MPI). Torque: multiplies ppn.',
    local: 'ignored', scope: 'cluster',
  },
  {
    name: 'features', type: 'list', synonyms: ['constraint', 'constraints'], separator: 'comma',
    help: "Node features all required (Slurm --constraint joined with '&'; Torque node properties).",
    local: 'ignored', scope: 'cluster',
  },
  {
    name: 'time', type: 'duration', synonyms: ['walltime'],
    help: "Wall-clock limit: 'MM', 'MM:SS', 'HH:MM:SS', 'D-HH', 'D-HH:MM', 'D-HH:MM:SS', '90m', '2h', '1d12h', '45s'; a number is minutes; HH may pass 24 when no day is given. Stored in seconds.",
    local: 'used', scope: 'common',
  },
  {
    name: 'mem', type: 'memory', synonyms: ['memory'], min: 1,
    help: "Memory per node: a number of MB or a string with a unit ('4000', '512M', '20GB', '1.5T', '100K'). Units are 1024-based as in Slurm: 1G = 1024M. Stored in MB.",
    local: 'ignored', scope: 'cluster',
  },
  {
    name: 'gpus', type: 'int', synonyms: ['gpu'], min: 1,
    help: 'GPUs per node (Slurm --gres=gpu:N, Torque :gpus=N).',
    local: 'ignored', scope: 'cluster',
  },
  {
    name: 'partition', type: 'string', synonyms: ['queue'],
    help: 'Partition (Slurm) or queue (Torque) to submit to.',
    local: 'ignored', scope: 'cluster',
  },
  {
    name: 'account', type: 'string', synonyms: [],
    help: 'Account charged for the job.',
    local: 'ignored', scope: 'cluster',
  },
  {
    name: 'qos', type: 'string', synonyms: [],
    help: 'Quality of service (Torque: -l qos=, honoured by Moab).',
    local: 'ignored', scope: 'cluster',
  },
  {
    name: 'reservation', type: 'string', synonyms: [],
    help: 'Run inside this reservation (Slurm).',
    local: 'ignored', scope: 'slurm',
  },
  {
    name: 'exclusive', type: 'bool', synonyms: [],
    help: 'Do not share the nodes with other jobs (Slurm).',
    local: 'ignored', scope: 'slurm',
  },
  {
    name: 'exclude', type: 'list', synonyms: [], separator: 'comma',
    help: 'Nodes the job must not run on (Slurm).',
    local: 'ignored', scope: 'slurm',
  },
  {
    name: 'export', type: 'string', synonyms: [],
    help: "Which of the submitting shell's variables the job gets: 'ALL', 'NONE' or variable names, comma separated (Slurm --export, Torque -V/-v). Default: the scheduler's (ALL on Slurm).",
    local: 'ignored', scope: 'cluster',
  },
  {
    name: 'env', type: 'map', synonyms: ['environment'], default: {},
    help: "Environment variables set for the job, e.g. { OMP_NUM_THREADS: '4', CUDA_VISIBLE_DEVICES: '0,1' } or 'A=1,B=2'. Exported by the job script itself, so any value is safe.",
    hpcq: true, local: 'used', scope: 'common',
  },
  {
    name: 'begin', type: 'string', synonyms: [],
    help: "Do not start before this time (Slurm --begin forms: '16:00', 'now+1hour', '2030-01-20T12:34').",
    local: 'ignored', scope: 'slurm',
  },
  {
    name: 'depends', type: 'depends', synonyms: ['depend', 'dependency', 'dependencies'],
    help: 'Jobs (or ids) this job waits for: a list (afterok) or { afterok, afterany, afternotok }. Passed on the submit command line.',
    hpcq: true, local: 'used', scope: 'common',
  },
  {
    name: 'array', type: 'range', synonyms: [],
    help: "Job array indices: '0-99', '0-99%10' (at most 10 at once), '1,3,5-7', '0-15:4'.",
    local: 'ignored', scope: 'cluster',
  },
  {
    name: 'mailUser', type: 'string', synonyms: ['mail_user', 'email'],
    help: 'Address for mail about the job.',
    local: 'ignored', scope: 'cluster',
  },
  {
    name: 'mailType', type: 'list', synonyms: ['mail_type'], separator: 'comma',
    choices: ['NONE', 'BEGIN', 'END', 'FAIL', 'REQUEUE', 'ALL', 'INVALID_DEPEND', 'TIME_LIMIT', 'TIME_LIMIT_90', 'TIME_LIMIT_80', 'TIME_LIMIT_50', 'ARRAY_TASKS'],
    help: 'When to send mail: BEGIN, END, FAIL, ALL, NONE, ... (Torque maps them to -m abe).',
    local: 'ignored', scope: 'cluster',
  },
  {
    name: 'requeue', type: 'bool', synonyms: [],
    help: 'Whether the scheduler may requeue the job after a node failure or preemption.',
    local: 'ignored', scope: 'cluster',
  },
  {
    name: 'killOnInvalidDep', type: 'bool', synonyms: ['kill_on_invalid_dep'], default: true,
    help: 'Cancel the job when a dependency can never be satisfied (Slurm); local mode does the same.',
    local: 'used', scope: 'slurm',
  },
  {
    name: 'setup', type: 'list', synonyms: [], default: [], separator: 'line',
    help: 'Shell lines run before the command (after module loads), e.g. to activate an environment.',
    hpcq: true, local: 'used', scope: 'common',
  },
  {
    name: 'extra', type: 'list', synonyms: [], separator: 'line',
    help: "Raw directive lines passed through, e.g. '--licenses=matlab' (the #SBATCH / #PBS prefix is added when missing).",
    hpcq: true, local: 'ignored', scope: 'cluster',
  },
  {
    name: 'nodePath', type: 'string', synonyms: ['node_path'], default: 'node',
    help: 'The node binary on the compute nodes, used to run function jobs.',
    hpcq: true, local: 'used', scope: 'common',
  },
  {
    name: 'reuse', type: 'bool', synonyms: [],
    help: 'Re-attach to an identical earlier submission (same script, options and dependencies, found in the filedir ledger) that is running or finished instead of submitting again; failed ones, and the dependents of anything resubmitted, are submitted again.',
    hpcq: true, local: 'used', scope: 'common',
  },
] as const satisfies readonly OptionSpec[];

/** Keys that are not table keywords but steer a call; they pass through checkOptions unchanged. */
export const CONTROL_KEYS = ['name', 'args', 'qtype', 'profile', 'remote'] as const;
