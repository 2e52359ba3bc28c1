/**
 * The shape of one row of the options table. Rows are plain data: the parser
 * (coerce.ts, normalize.ts), the renderer (render.ts) and the help (help.ts) read them.
 */

/** How a value is parsed and what it becomes once normalised. */
export type OptionType =
  /** Positive integer (a string of digits is accepted). */
  | 'int'
  /** Any finite number. */
  | 'number'
  | 'string'
  /** true/false; strings yes/no, on/off, 1/0, true/false are accepted. */
  | 'bool'
  /** Megabytes (integer, rounded up); strings with a unit K/M/G/T, 1024-based. */
  | 'memory'
  /** Seconds; Slurm's time forms, unit forms like '1h30m', a bare number is minutes. */
  | 'duration'
  /** Array of strings; a string is split on the row's separator. */
  | 'list'
  /** Record of string to string; 'K=V' entries are accepted. */
  | 'map'
  /** Job dependencies, resolved by the job layer. */
  | 'depends'
  /** Job array index specification such as '0-99%10' or '1,3,5-7'. */
  | 'range';

/**
 * How a value is written into a directive. Each style is implemented once in render.ts.
 * - raw: the value as is (quoted when it needs it)
 * - megabytes: `<MB>M` (Slurm)
 * - slurm-time: `D-HH:MM:SS` or `HH:MM:SS`
 * - join-and / join-comma: lists joined with '&' (Slurm constraints) or ','
 * - gres-gpu: `gpu:N`
 * - yes-no: `yes`/`no` for a boolean
 * - flag: the flag alone when true, nothing when false
 * - flag-pair: `flag` when true, `offFlag` when false
 * - export-env: the export list merged with the env map
 * - lines: raw directive lines (prefix added when missing)
 * - torque-nodes: `nodes=N:ppn=C[:feature...][:gpus=G]` (one -l for several options)
 * - torque-mem: `mem=<MB>mb`
 * - torque-walltime: `walltime=HH:MM:SS` (hours may exceed 24)
 * - torque-mail: Slurm mail types mapped to Torque's abe letters
 * - torque-resource: `<resource>=value` after -l
 * - yn: 'y' / 'n' for a boolean
 */
export type RenderStyle =
  | 'raw'
  | 'megabytes'
  | 'slurm-time'
  | 'join-and'
  | 'join-comma'
  | 'gres-gpu'
  | 'yes-no'
  | 'flag'
  | 'flag-pair'
  | 'export-env'
  | 'lines'
  | 'torque-nodes'
  | 'torque-mem'
  | 'torque-walltime'
  | 'torque-mail'
  | 'torque-resource'
  | 'yn';

/** How one scheduler renders an option: a flag and a value style, or 'none'. */
export type RenderSpec =
  | 'none'
  | {
      /** `--time` (Slurm, joined with '=') or `-l` (Torque, joined with a space). */
      readonly flag: string;
      readonly style: RenderStyle;
      /** Flag used when a boolean is false (style 'flag-pair'). */
      readonly offFlag?: string;
      /** Resource name for 'torque-resource' (e.g. 'procs'). */
      readonly resource?: string;
    };

/** Which schedulers an option belongs to (the seed's grouping). */
export type OptionScope = 'common' | 'cluster' | 'slurm' | 'local';

/** One keyword of the options table. */
export interface OptionSpec {
  readonly name: string;
  readonly type: OptionType;
  /** Other spellings accepted for this keyword (snake_case, the seed's synonyms). */
  readonly synonyms: readonly string[];
  /** Value used when neither a profile nor the call gives one (absent: no default). */
  readonly default?: unknown;
  /** One or two sentences for `optionHelp`. */
  readonly help: string;
  readonly slurm: RenderSpec;
  readonly torque: RenderSpec;
  /** What the local runner does with it: 'ignored' options are dropped in local mode. */
  readonly local: 'used' | 'ignored';
  readonly scope: OptionScope;
  /** Smallest allowed value for numbers. */
  readonly min?: number;
  /** For 'list': what separates items when the value is a string. */
  readonly separator?: 'comma' | 'line';
  /** For 'string': the value is part of every job file name, so only letters, digits, '_', '.' and '-' (no '/'). */
  readonly fileName?: boolean;
  /** For 'list': allowed items (compared case-insensitively, stored upper-case). */
  readonly choices?: readonly string[];
}
