/**
 * The dependency guard of a `guarded` back-end (src/schedulers/backend.ts, DependencyCapability):
 * the scheduler releases a dependent after any end of its dependencies (Grid Engine's
 * -hold_jid; they were submitted as afterany), and these lines, run by the wrapper after it
 * wrote `start=` and before the command, check what the scheduler could not: the dependencies'
 * status files. When an afterok (or afternotok) cannot hold, the job records
 * `reason=dependency_never_satisfied`, ends with exit 1 without running its command (so anyone
 * reading only the scheduler sees a failure, never a success), and is reported
 * cancelled / dependency_never_satisfied (src/core/status-file.ts). No hpcq process needs to
 * be running: a chain a → b → c ends b and c as soon as the scheduler starts them. Which
 * dependencies it checks: guard-plan.ts.
 */
import { shellQuote } from '../util/shell-quote.js';

/** Status files of the dependencies to check, by kind. */
export interface DependencyGuard {
  afterok: readonly string[];
  afternotok: readonly string[];
}

/**
 * Seconds, for all dependencies together, that a status file may take to show its `end=`: a
 * shared filesystem (NFS attribute caching) may show it late. A dependency that never writes
 * one (deleted before it started, or killed with SIGKILL, as qdel and h_rt do) costs this once.
 */
export const SETTLE_SECONDS = 5;

/** Whether a guard has anything to check. */
export function hasGuard(guard: DependencyGuard | undefined): guard is DependencyGuard {
  return !!guard && guard.afterok.length + guard.afternotok.length > 0;
}

/**
 * Bash lines of the guard. `_hpcq_status` (the job's own status file) is set by the wrapper.
 * A dependency succeeded when its status file has `end=`, no `reason=` (a dependency that the
 * guard itself ended did not run, so a chain fails on), and its last `exit=` is 0. One whose
 * file never shows an end did not succeed. The first dependency that decides ends the checks.
 */
export function renderDependencyGuard(guard: DependencyGuard): string[] {
  const list = (paths: readonly string[]): string => paths.map(shellQuote).join(' ');
  const lines = [
    '# Dependency guard: the scheduler released this job after any end of its dependencies.',
    `_hpcq_settle=$(($(date +%s) + ${SETTLE_SECONDS}))`,
    '_hpcq_dep_ok() {',
    `  while ! grep -q '^end=' "$1" 2>/dev/null && [ "$(date +%s)" -lt "$_hpcq_settle" ]; do sleep 0.2 2>/dev/null || sleep 1; done`,
    "  grep -q '^end=' \"$1\" 2>/dev/null || return 1",
    "  grep -q '^reason=' \"$1\" && return 1",
    "  [ \"$(sed -n 's/^exit=//p' \"$1\" | tail -n 1)\" = 0 ]",
    '}',
    "_hpcq_never=''",
  ];
  if (guard.afterok.length > 0) {
    lines.push(`for _hpcq_d in ${list(guard.afterok)}; do _hpcq_dep_ok "$_hpcq_d" || { _hpcq_never="did not succeed: $_hpcq_d"; break; }; done`);
  }
  if (guard.afternotok.length > 0) {
    lines.push(
      `[ -n "$_hpcq_never" ] || for _hpcq_d in ${list(guard.afternotok)}; do _hpcq_dep_ok "$_hpcq_d" && { _hpcq_never="succeeded (afternotok): $_hpcq_d"; break; }; done`,
    );
  }
  lines.push(
    'if [ -n "$_hpcq_never" ]; then',
    '  echo "hpcq: not running the command: a dependency $_hpcq_never" >&2',
    '  { echo "reason=dependency_never_satisfied"; echo "end=$(date +%s)"; } >> "$_hpcq_status"',
    // Not 0: a process that only sees the scheduler's record must not read a success.
    '  exit 1',
    'fi',
  );
  return lines;
}
