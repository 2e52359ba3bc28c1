/**
 * The dependency guard of a `guarded` back-end (src/schedulers/backend.ts, DependencyCapability):
 * the scheduler releases a dependent after any end of its dependencies (they were submitted as
 * afterany), and these lines, run by the wrapper after it wrote `start=` and before the command,
 * check what the scheduler could not: the dependencies' status files. When an afterok (or
 * afternotok) cannot hold, the job records `reason=dependency_never_satisfied` and ends with
 * exit 1 without running its command; hpcq reports it cancelled / dependency_never_satisfied
 * (src/core/status-file.ts), and anyone reading only the scheduler sees a failure, never a success.
 */
import { shellQuote } from '../util/shell-quote.js';

/** Status files of the dependencies to check, by kind. */
export interface DependencyGuard {
  afterok: readonly string[];
  afternotok: readonly string[];
}

/** Seconds a dependency's status file may take to show its end on a shared filesystem. */
const SETTLE_SECONDS = 5;

/** Whether a guard has anything to check. */
export function hasGuard(guard: DependencyGuard | undefined): guard is DependencyGuard {
  return !!guard && guard.afterok.length + guard.afternotok.length > 0;
}

/**
 * Bash lines of the guard. `_hpcq_status` (the job's own status file) is set by the wrapper.
 * A dependency "succeeded" when its status file has `end=` and its last `exit=` is 0 without a
 * guard reason; one whose file never shows an end (cancelled before it started, killed outright)
 * did not succeed.
 */
export function renderDependencyGuard(guard: DependencyGuard): string[] {
  const list = (paths: readonly string[]): string => paths.map(shellQuote).join(' ');
  return [
    '# Dependency guard: the scheduler released this job after any end of its dependencies.',
    '_hpcq_dep_ok() {',
    '  _hpcq_i=0',
    `  while [ "$_hpcq_i" -lt ${SETTLE_SECONDS} ] && ! grep -q '^end=' "$1" 2>/dev/null; do sleep 1; _hpcq_i=$((_hpcq_i + 1)); done`,
    "  grep -q '^end=' \"$1\" 2>/dev/null || return 1",
    "  grep -q '^reason=' \"$1\" && return 1",
    "  [ \"$(sed -n 's/^exit=//p' \"$1\" | tail -n 1)\" = 0 ]",
    '}',
    "_hpcq_never=''",
    `for _hpcq_d in ${list(guard.afterok)}; do _hpcq_dep_ok "$_hpcq_d" || _hpcq_never=1; done`,
    `for _hpcq_d in ${list(guard.afternotok)}; do _hpcq_dep_ok "$_hpcq_d" && _hpcq_never=1; done`,
    'if [ -n "$_hpcq_never" ]; then',
    '  { echo "reason=dependency_never_satisfied"; echo "end=$(date +%s)"; } >> "$_hpcq_status"',
    // Not 0: a process that only sees the scheduler's record must not read a success.
    '  exit 1',
    'fi',
  ];
}
