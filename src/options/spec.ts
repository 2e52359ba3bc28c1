/**
 * The shape of one row of the options table. Rows are plain data: the parser
 * (coerce.ts, normalize.ts), the renderer (render.ts, over the back-ends' renderers) and the
 * help (help.ts) read them.
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
  /**
   * hpcq implements the option itself on every back-end (modules, env, dir, outfile, ...). Any
   * other option works on a batch back-end only if that back-end has a renderer for it
   * (BatchBackend.directives.options); setting it elsewhere is an OptionError naming the scheduler.
   */
  readonly hpcq?: true;
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
