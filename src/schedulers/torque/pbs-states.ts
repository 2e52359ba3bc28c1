/**
 * Torque and PBS Pro job states and exit statuses, normalised into hpcq's state model.
 * Torque states: https://docs.adaptivecomputing.com/torque/6-1-2/adminGuide/help.htm#topics/torque/commands/qstat.htm
 * Torque exit status: https://docs.adaptivecomputing.com/torque/6-1-2/adminGuide/help.htm#topics/torque/2-jobs/jobExitStatus.htm
 * PBS Pro states and exit status: https://help.altair.com/2022.1.0/PBS%20Professional/PBSReferenceGuide2022.1.pdf
 * ("Job States" and "Job Exit Status Codes").
 */
import type { JobState, StateReason } from '../../types.js';

/** Single-letter state → normalised state (final letters are decided by the exit status). */
const STATES: Record<string, JobState> = {
  // B (PBS Pro): an array job has begun: at least one subjob started.
  B: 'running',
  // C (Torque): completed after having run (or deleted); the exit status says how.
  C: 'completed',
  // E: exiting after having run (epilogue, staging out).
  E: 'completing',
  // F (PBS Pro): finished (history, `qstat -x`); the exit status says how.
  F: 'completed',
  // H: held (user, system or operator hold, or an array slot limit).
  H: 'held',
  // M (PBS Pro): moved to another server.
  M: 'pending',
  // Q: queued, eligible to run.
  Q: 'pending',
  // R: running.
  R: 'running',
  // S: suspended.
  S: 'suspended',
  // T: being moved to a new location.
  T: 'pending',
  // U: Slurm's Torque wrapper prints U for a state it has no letter for (OUT_OF_MEMORY, for
  // one); PBS Pro's U (suspended on a busy workstation) belongs to cycle harvesting, which
  // hpcq does not target. The outcome is unknown, so the status file decides.
  U: 'unknown',
  // W: waiting for its execution time (`-a`) or for file stage-in.
  W: 'pending',
  // X (PBS Pro): a subjob that has finished.
  X: 'completed',
};

/** Torque's negative exit statuses for jobs the MOM killed or could not start. */
const TORQUE_NEGATIVE: Record<number, StateReason> = {
  // JOB_EXEC_OVERLIMIT_MEM: killed over its memory limit.
  [-10]: 'out_of_memory',
  // JOB_EXEC_OVERLIMIT_WT: killed over its walltime.
  [-11]: 'timeout',
  // JOB_EXEC_OVERLIMIT_CPUT: killed over its CPU time.
  [-12]: 'timeout',
};

/** PBS Pro's negative exit statuses (JOB_EXEC_KILL_*). */
const PBSPRO_NEGATIVE: Record<number, StateReason> = {
  // JOB_EXEC_KILL_VMEM: killed over its virtual memory limit.
  [-26]: 'out_of_memory',
  // JOB_EXEC_KILL_MEM: killed over its memory limit.
  [-27]: 'out_of_memory',
  // JOB_EXEC_KILL_CPUT: killed over its CPU time.
  [-28]: 'timeout',
  // JOB_EXEC_KILL_WALLTIME: killed over its walltime.
  [-29]: 'timeout',
};

/** A normalised PBS state with its exit facts. */
export interface PbsStatus {
  state: JobState;
  reason?: StateReason;
  exitCode: number | null;
  signal: number | null;
}

/**
 * Normalise a state letter, the exit status (Torque `exit_status`, PBS Pro `Exit_status`)
 * and the server's comment. 256+N means killed by signal N. A finished job without exit
 * status is 'unknown' (its outcome is not known), or cancelled when the comment says it was deleted.
 */
export function normalizePbsState(
  letter: string,
  exitStatus: string | undefined,
  comment: string | undefined,
  flavour: 'torque' | 'pbspro',
): PbsStatus | undefined {
  const state = STATES[letter.trim().toUpperCase()];
  if (state === undefined) return undefined;
  if (state !== 'completed') return { state, exitCode: null, signal: null };
  // (only C, F and X reach here: they carry the exit status)
  if (comment && /dependenc[a-z]* .*can ?never be satisfied|dependency .*not satisfied/i.test(comment)) {
    return { state: 'cancelled', reason: 'dependency_never_satisfied', exitCode: null, signal: null };
  }
  const code = exitStatus !== undefined && /^-?\d+$/.test(exitStatus.trim()) ? Number(exitStatus) : undefined;
  if (code === undefined) {
    // Deleted while queued, or a qstat (such as Slurm's Torque wrapper) that omits the exit status.
    const deleted = comment !== undefined && /deleted|cancel/i.test(comment);
    return { state: deleted ? 'cancelled' : 'unknown', exitCode: null, signal: null };
  }
  if (code === 0) return { state: 'completed', exitCode: 0, signal: null };
  if (code > 256) return { state: 'failed', reason: 'signal', exitCode: 128 + (code - 256), signal: code - 256 };
  if (code > 0) return { state: 'failed', reason: 'nonzero_exit', exitCode: code, signal: null };
  const table = flavour === 'pbspro' ? PBSPRO_NEGATIVE : TORQUE_NEGATIVE;
  return { state: 'failed', reason: table[code] ?? 'launch_failed', exitCode: null, signal: null };
}
