/**
 * Types derived from the options table. `JobOptions` is never written by hand: each row's
 * `type` decides the value type and a row with a `default` is required in the result.
 */
import type { DependencyKind } from '../schedulers/backend.js';
import type { HasJobId, Qtype } from '../types.js';
import type { OptionType } from './spec.js';
import type { OPTION_TABLE } from './table.js';

/** One job a dependency names: a Job (or anything with an id), an id string or number. */
export type DependencyRef = HasJobId | string | number;

/**
 * Dependencies after normalisation: a list (every job must succeed: afterok) or lists per kind.
 * A single reference is wrapped in a list; Job objects are kept as given for the job layer.
 */
export type DependsValue = DependencyRef[] | Partial<Record<DependencyKind, DependencyRef[]>>;

/** The value type a table type normalises to. */
export type ValueOf<T extends OptionType> = T extends 'int' | 'number' | 'memory' | 'duration'
  ? number
  : T extends 'string' | 'range'
    ? string
    : T extends 'bool'
      ? boolean
      : T extends 'list'
        ? string[]
        : T extends 'map'
          ? Record<string, string>
          : T extends 'depends'
            ? DependsValue
            : never;

type Row = (typeof OPTION_TABLE)[number];
type RowWithDefault = Extract<Row, { default: unknown }>;
type RowWithoutDefault = Exclude<Row, RowWithDefault>;

/** Every keyword of the options table. */
export type OptionName = Row['name'];

/** Normalised job options: canonical names, `mem` in MB, `time` in seconds. */
export type JobOptions = { [R in RowWithDefault as R['name']]: ValueOf<R['type']> } & {
  [R in RowWithoutDefault as R['name']]?: ValueOf<R['type']>;
};

/**
 * Keys that steer a call rather than describe the job; they pass through checkOptions unchanged.
 * A type alias (not an interface) so checked options stay assignable to Record<string, unknown>.
 */
export type ControlOptions = {
  /** Job name (sanitised into file names by the job layer; shown by the scheduler as given). */
  name?: string;
  /** Arguments for a function job. */
  args?: unknown[];
  qtype?: Qtype;
  /** Profile to merge under the call's options. */
  profile?: string;
  /** Run through SSH on this host: 'ssh://user@host:port' or an object. */
  remote?: string | object;
};

/** What checkOptions and resolveOptions return. */
export type CheckedOptions = JobOptions & ControlOptions;
