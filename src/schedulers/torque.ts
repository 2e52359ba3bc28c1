/**
 * The Torque/PBS back-end: qsub, qstat and qdel argv builders and their parsers.
 * `qstat -f` is used rather than `qstat -x` because Slurm's Torque wrapper (the testbed)
 * has no `-x`; parseQstat reads the XML of a real Torque just as well.
 */
import type { GridBackend, SubmitRequest } from './backend.js';
import { parseQstat } from './qstat.js';
import { qsubWord } from './qsub-words.js';
import { parseSubmitOutput } from './submit-output.js';
import { isPbsTransient } from './transient.js';

/** `-W depend=afterok:1:2,afterany:3`. */
function dependencyFlag(req: SubmitRequest): string[] {
  const parts = Object.entries(req.depends ?? {})
    .filter(([, ids]) => ids && ids.length > 0)
    .map(([kind, ids]) => `${kind}:${ids!.join(':')}`);
  return parts.length ? ['-W', `depend=${qsubWord('depends', parts.join(','))}`] : [];
}

/** Torque/PBS through qsub, qstat and qdel. The working directory is the caller's (qsub runs in `cwd`). */
export const torqueBackend: GridBackend = {
  qtype: 'torque',
  /** Throws OptionError for a value Slurm's qsub wrapper would pass through a shell (see qsub-words.ts). */
  submitCommand(req) {
    return [
      'qsub',
      ...dependencyFlag(req),
      ...(req.outfile ? ['-o', qsubWord('outfile', req.outfile)] : []),
      ...(req.errfile ? ['-e', qsubWord('errfile', req.errfile)] : []),
      qsubWord('script', req.script),
    ];
  },
  parseSubmitOutput: (text) => parseSubmitOutput('torque', text),
  /** `qstat -f` with ids lists just those; the user filter is applied to parsed records. */
  queueCommand({ ids }) {
    return ['qstat', '-f', ...(ids ?? [])];
  },
  parseQueue: parseQstat,
  detailCommand: (id) => ['qstat', '-f', id],
  parseDetail: parseQstat,
  cancelCommand: (ids) => ['qdel', ...ids],
  isTransient: isPbsTransient,
};
