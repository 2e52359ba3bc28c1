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

/**
 * Torque's negative exit statuses: the MOM could not start the job, or killed it (JOB_EXEC_*
 * in src/include/pbs_job.h; "Job Exit Status" in the Torque 6.1.2 admin guide, which lists
 * -1 to -14). A code missing here still means the MOM ended the job: launch_failed.
 */
const TORQUE_NEGATIVE: Record<number, StateReason> = {
  // JOB_EXEC_FAIL1: exec failed before the output files were created; no retry.
  [-1]: 'launch_failed',
  // JOB_EXEC_FAIL2: exec failed after the output files were created; no retry.
  [-2]: 'launch_failed',
  // JOB_EXEC_RETRY: exec failed, the server retries (final only once it gave up).
  [-3]: 'launch_failed',
  // JOB_EXEC_INITABT: the job was aborted when its MOM (re)initialised: the node went away.
  [-4]: 'node_fail',
  // JOB_EXEC_INITRST: aborted on MOM initialisation, checkpointed, no migration.
  [-5]: 'node_fail',
  // JOB_EXEC_INITRMG: aborted on MOM initialisation, checkpointed, may migrate.
  [-6]: 'node_fail',
  // JOB_EXEC_BADRESRT: restart (from a checkpoint) failed.
  [-7]: 'launch_failed',
  // JOB_EXEC_CMDFAIL: exec() of the user's command failed.
  [-8]: 'launch_failed',
  // JOB_EXEC_STDOUTFAIL: could not create or open the stdout/stderr files.
  [-9]: 'launch_failed',
  // JOB_EXEC_OVERLIMIT_MEM: killed over its memory limit.
  [-10]: 'out_of_memory',
  // JOB_EXEC_OVERLIMIT_WT: killed over its walltime.
  [-11]: 'timeout',
  // JOB_EXEC_OVERLIMIT_CPUT: killed over its CPU time.
  [-12]: 'timeout',
  // JOB_EXEC_RETRY_CGROUP: the job's cgroups could not be created.
  [-13]: 'launch_failed',
  // JOB_EXEC_RETRY_PROLOGUE: the prologue failed.
  [-14]: 'launch_failed',
};

/**
 * PBS Pro / OpenPBS negative exit statuses (JOB_EXEC_* in src/include/job.h of openpbs;
 * "Job Exit Status Codes" in the reference guide). Codes not listed (FAIL1/2, RETRY, bad
 * uid, password, hook and security failures, JOINJOB) mean the job could not be started.
 */
const PBSPRO_NEGATIVE: Record<number, StateReason> = {
  // JOB_EXEC_INITABT, _INITRST, _INITRMG: aborted when its MOM (re)initialised.
  [-4]: 'node_fail',
  [-5]: 'node_fail',
  [-6]: 'node_fail',
  // JOB_EXEC_CHKP: checkpointed and killed, as preemption by checkpoint does.
  [-12]: 'preempted',
  // JOB_EXEC_RERUN_SIS_FAIL: a sister MOM failed.
  [-14]: 'node_fail',
  // JOB_EXEC_RERUN_MS_FAIL: the connection to mother superior failed.
  [-20]: 'node_fail',
  // JOB_EXEC_KILL_NCPUS_BURST / _SUM: killed (SIGKILL) for using more CPUs than requested.
  [-24]: 'signal',
  [-25]: 'signal',
  // JOB_EXEC_KILL_VMEM: killed over its virtual memory limit.
  [-26]: 'out_of_memory',
  // JOB_EXEC_KILL_MEM: killed over its memory limit.
  [-27]: 'out_of_memory',
  // JOB_EXEC_KILL_CPUT: killed over its CPU time.
  [-28]: 'timeout',
  // JOB_EXEC_KILL_WALLTIME: killed over its walltime.
  [-29]: 'timeout',
};

/**
 * Whether the server's comment says it deleted the job because a dependency failed: Torque's
 * "Job deleted as result of dependency on job N" (handle_aborted_job, with exit_status 271),
 * its array form "Job N[] deleted because its dependency of array M[] can never be
 * satisfied", and PBS Pro's message of the same words. Searched with indexOf, not one
 * regex with `.*` between the words, which is quadratic on a comment repeating "dependency".
 */
function deletedForDependency(comment: string): boolean {
  if (/deleted as (?:a )?result of dependency/i.test(comment)) return true;
  const lower = comment.toLowerCase();
  const at = lower.indexOf('dependenc');
  if (at < 0) return false;
  const rest = lower.slice(at);
  return /can ?never be satisfied/.test(rest) || rest.includes('not satisfied');
}

/** Exit facts of a positive exit status (signals are 1 to 64). */
function positiveExit(code: number, flavour: 'torque' | 'pbspro'): PbsStatus {
  // Both: a job the server killed with signal N reads 256+N (271: SIGTERM at qdel or walltime).
  if (code > 256 && code <= 256 + 64) return { state: 'failed', reason: 'signal', exitCode: 128 + (code - 256), signal: code - 256 };
  // PBS Pro: 128+N means the job's top shell reported its command killed by signal N.
  if (flavour === 'pbspro' && code > 128 && code <= 128 + 64) return { state: 'failed', reason: 'signal', exitCode: code, signal: code - 128 };
  return { state: 'failed', reason: 'nonzero_exit', exitCode: code, signal: null };
}

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
  if (comment && deletedForDependency(comment)) {
    return { state: 'cancelled', reason: 'dependency_never_satisfied', exitCode: null, signal: null };
  }
  const code = exitStatus !== undefined && /^-?\d+$/.test(exitStatus.trim()) ? Number(exitStatus) : undefined;
  if (code === undefined) {
    // Deleted while queued, or a qstat (such as Slurm's Torque wrapper) that omits the exit status.
    const deleted = comment !== undefined && /deleted|cancel/i.test(comment);
    return { state: deleted ? 'cancelled' : 'unknown', exitCode: null, signal: null };
  }
  if (code === 0) return { state: 'completed', exitCode: 0, signal: null };
  if (code > 0) return positiveExit(code, flavour);
  const table = flavour === 'pbspro' ? PBSPRO_NEGATIVE : TORQUE_NEGATIVE;
  return { state: 'failed', reason: table[code] ?? 'launch_failed', exitCode: null, signal: null };
}
