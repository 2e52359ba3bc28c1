/**
 * The Torque/PBS back-end: qsub, qstat and qdel argv builders and their parsers.
 * `qstat -f` is used rather than `qstat -x` because Slurm's Torque wrapper (the testbed)
 * has no `-x`; parseQstat reads the XML of a real Torque just as well.
 */
import type { GridBackend, SubmitRequest } from './backend.js';
import { parseQstat } from './qstat.js';
import { parseSubmitOutput } from './submit-output.js';
import { isPbsTransient } from './transient.js';

/** `-W depend=afterok:1:2,afterany:3`. */
function dependencyFlag(req: SubmitRequest): string[] {
  const parts = Object.entries(req.depends ?? {})
    .filter(([, ids]) => ids && ids.length > 0)
    .map(([kind, ids]) => `${kind}:${ids!.join(':')}`);
  return parts.length ? ['-W', `depend=${parts.join(',')}`] : [];
}

/** Torque/PBS through qsub, qstat and qdel. The working directory is the caller's (qsub runs in `cwd`). */
export const torqueBackend: GridBackend = {
  qtype: 'torque',
  submitCommand(req) {
    return [
      'qsub',
      ...dependencyFlag(req),
      ...(req.outfile ? ['-o', req.outfile] : []),
      ...(req.errfile ? ['-e', req.errfile] : []),
      req.script,
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
