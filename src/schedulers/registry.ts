/**
 * The back-end registry: every batch scheduler hpcq drives, in detection order. `Qtype`, the
 * CLI's `--qtype` values, optionHelp, detection and cleanDir all follow from this list, so adding
 * a back-end is one line here (and its folder). Slurm comes before Torque because Slurm's Torque
 * compatibility package (slurm-wlm-torque) installs a qsub beside sbatch.
 */
import { describeValue, HpcqError, ParseError } from '../errors.js';
import type { BatchBackend, ScriptLayout } from './backend.js';
import { sgeBackend } from './sge/index.js';
import { slurmBackend } from './slurm/index.js';
import { torqueBackend } from './torque/index.js';

/** Every batch back-end, in detection order. */
export const BACKENDS = [slurmBackend, sgeBackend, torqueBackend] as const satisfies readonly BatchBackend[];

/** The qtype of a batch back-end ('slurm', 'torque', ...). */
export type BatchQtype = (typeof BACKENDS)[number]['name'];
/** Where a job runs: a batch back-end, or hpcq's own local runner. */
export type Qtype = BatchQtype | 'local';
/** The qtype of hpcq's own runner on this machine. */
export const LOCAL: Qtype = 'local';
/** Every qtype: the back-ends in registry order, then 'local'. */
export const QTYPES: readonly Qtype[] = [...BACKENDS.map((b) => b.name), LOCAL];

/** The local runner's script: one file `<name>.<suffix>`, no directives. */
export const LOCAL_LAYOUT: ScriptLayout = { submitExt: '' };

/** Whether `qtype` names a batch back-end. */
export function isBatchQtype(qtype: unknown): qtype is BatchQtype {
  return BACKENDS.some((b) => b.name === qtype);
}

/** Whether `qtype` is a known qtype. */
export function isQtype(qtype: unknown): qtype is Qtype {
  return qtype === LOCAL || isBatchQtype(qtype);
}

/** Check a user's qtype; HpcqError listing the valid ones otherwise. */
export function checkQtype(qtype: unknown, where = 'qtype'): Qtype {
  if (isQtype(qtype)) return qtype;
  throw new HpcqError(`${where} must be one of ${QTYPES.join(', ')}, got ${describeValue(qtype)}`);
}

/** The back-end of a batch qtype; HpcqError for 'local' or an unknown name. */
export function getBackend(qtype: string): BatchBackend {
  const backend = BACKENDS.find((b) => b.name === qtype);
  if (!backend) throw new HpcqError(`No batch scheduler '${qtype}' (known: ${BACKENDS.map((b) => b.name).join(', ')})`);
  return backend;
}

/** The script layout of a qtype (the local runner's for 'local'). */
export function layoutOf(qtype: Qtype): ScriptLayout {
  return qtype === LOCAL ? LOCAL_LAYOUT : getBackend(qtype).layout;
}

/** The qtype whose submission script a file name is (`x.cluster.sbatch` → slurm), 'local' for `x.cluster`. */
export function qtypeOfScript(name: string, suffix: string): Qtype | undefined {
  const found = BACKENDS.find((b) => b.layout.submitExt !== '' && name.endsWith(`.${suffix}${b.layout.submitExt}`));
  if (found) return found.name;
  return name.endsWith(`.${suffix}`) ? LOCAL : undefined;
}

/** The job id from a batch back-end's submit output (throws ParseError carrying the text). */
export function parseSubmitOutput(qtype: string, text: string): string {
  if (!isBatchQtype(qtype)) throw new ParseError(`No submit output format for qtype '${qtype}'`, text);
  return getBackend(qtype).parseSubmitOutput(text);
}
