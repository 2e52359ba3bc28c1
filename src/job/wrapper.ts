/**
 * The bash wrapper that every hpcq job runs: it writes the status file (format in
 * status-file.ts) before and after the command, even when the command fails or the job is
 * signalled. Shared by the Slurm exec script, the Torque script and the local script.
 */
import { shellQuote } from '../util/shell-quote.js';
import { STATUS_MARK } from './files.js';

/** What runs inside the wrapper, in order. */
export interface WrappedCommand {
  /** Path of the status file. */
  status: string;
  /** A bash word for the status file's path, used instead of `status` (array tasks: one file per task index). */
  statusWord?: string;
  /** The line exporting the portable HPCQ_* variables (job-env.ts), run before the user's env. */
  portable?: string;
  /** Lines run first, before the status file exists (array tasks compute their index here). */
  prelude?: readonly string[];
  /** Environment modules to load. */
  modules?: readonly string[];
  /** Shell lines run before the command (after modules). */
  setup?: readonly string[];
  /** Directory the command runs in. */
  dir?: string;
  /** Variables exported before the command. */
  env?: Readonly<Record<string, string>>;
  /** The shell command line. */
  command: string;
  /** A bash word expanding to the scheduler's job id (the back-end's `env.jobId`); none for local. */
  jobId?: string;
  /**
   * Lines run first in the command's subshell, before modules and setup (the dependency guard):
   * after the command's fork, so whatever they fork is in the command's process group and gets
   * the forwarded signals. To end the job without its command they exit non-zero.
   */
  guard?: readonly string[];
}

/** Signals the wrapper catches and forwards to the command (Slurm sends TERM at timeout and scancel, then KILL). */
const FORWARDED = ['TERM', 'INT', 'HUP', 'USR1', 'USR2'];

/** Lines of the command's subshell: modules, setup, cd, exports, the command. */
function innerLines(cmd: WrappedCommand): string[] {
  // The command creates its files under the user's own umask, not the wrapper's.
  const lines: string[] = ['_hpcq_replay', ...(cmd.guard ?? []), 'umask "$_hpcq_umask"'];
  // A module that does not load (or no `module` command) fails the job rather than running without it.
  for (const mod of cmd.modules ?? []) {
    const quoted = shellQuote(mod);
    lines.push(`module load ${quoted} || { echo "hpcq: could not load module "${quoted} >&2; exit 1; }`);
  }
  lines.push(...(cmd.setup ?? []));
  if (cmd.dir) lines.push(`cd ${shellQuote(cmd.dir)} || exit 1`);
  if (cmd.portable) lines.push(cmd.portable);
  for (const [key, value] of Object.entries(cmd.env ?? {})) lines.push(`export ${key}=${shellQuote(value)}`);
  lines.push(cmd.command);
  return lines.map((l) => `  ${l}`);
}

/** The wrapper's bash text (no shebang): status start, command in its own process group, status end. */
export function renderWrapper(cmd: WrappedCommand): string[] {
  return [
    ...(cmd.prelude ?? []),
    '# The status file is owner-only whatever the umask the scheduler gave the job.',
    '_hpcq_umask=$(umask)',
    'umask 077',
    `_hpcq_status=${cmd.statusWord ?? shellQuote(cmd.status)}`,
    // Before the traps: a back-end's job-id word may fork (Grid Engine's task suffix).
    ...(cmd.jobId ? [`_hpcq_jobid=${cmd.jobId}`] : []),
    "_hpcq_child=''",
    "_hpcq_signal=''",
    "_hpcq_forking=''",
    "_hpcq_pending=''",
    '_hpcq_self=$$',
    '# Record a signal sent to the job (signal=N) and pass it on to the whole command; one that comes before',
    '# the command started ends the job at once (the traps are set before the status file exists,',
    '# so every status file with start= gets its end=). Around the fork of the command the signal',
    '# is held and passed on once the command\'s pid is known, so it is never lost; a copy of this',
    '# handler running in the forked command (before bash reset its traps) re-raises it there.',
    '# No command substitution between the traps and the fork of the command: a forked subshell',
    '# would be in the job\'s process group with the traps inherited, and a group-wide signal',
    '# landing in it was lost. Builtins only (printf %(%s)T, $HOSTNAME, a signal-number table);',
    '# what may fork runs before the traps (the job-id word) or in the command\'s subshell (the guard).',
    '_hpcq_signo() {',
    '  case $1 in HUP) _hpcq_signal=1 ;; INT) _hpcq_signal=2 ;; USR1) _hpcq_signal=10 ;; USR2) _hpcq_signal=12 ;; TERM) _hpcq_signal=15 ;; *) _hpcq_signal=15 ;; esac',
    '}',
    '_hpcq_pass() {',
    '  kill -s "$1" -- "-$_hpcq_child" 2>/dev/null || kill -s "$1" "$_hpcq_child" 2>/dev/null',
    '}',
    '_hpcq_forward() {',
    '  if [ "$BASHPID" != "$_hpcq_self" ]; then trap - "$1"; kill -s "$1" "$BASHPID"; return; fi',
    '  _hpcq_signo "$1"',
    '  _hpcq_trapped=1',
    '  if [ -z "$_hpcq_child" ] && [ -z "$_hpcq_forking" ]; then',
    '    _hpcq_exit=$((128 + _hpcq_signal))',
    "    printf -v _hpcq_now '%(%s)T' -1",
    '    { echo "signal=$_hpcq_signal"; echo "exit=$_hpcq_exit"; echo "end=$_hpcq_now"; } >> "$_hpcq_status"',
    '    exit "$_hpcq_exit"',
    '  fi',
    '  echo "signal=$_hpcq_signal" >> "$_hpcq_status"',
    '  if [ -n "$_hpcq_forking" ]; then _hpcq_pending=$1; return; fi',
    '  _hpcq_pass "$1"',
    '}',
    '# The command\'s first step. bash drops a signal that reaches the forked command while it',
    '# resets the traps it inherited, so the wrapper records each signal (signal=N) before passing',
    '# it on, and one recorded before the command began is raised again here: passed on before',
    '# this read, it was recorded before it; passed on after, it reaches a shell with its own traps.',
    '_hpcq_replay() {',
    "  _hpcq_last=''",
    '  while IFS= read -r _hpcq_line; do',
    '    case $_hpcq_line in signal=*) _hpcq_last=${_hpcq_line#signal=} ;; esac',
    '  done 2>/dev/null < "$_hpcq_status"',
    '  if [ -n "$_hpcq_last" ]; then kill -n "$_hpcq_last" "$BASHPID"; fi',
    '}',
    `for _hpcq_s in ${FORWARDED.join(' ')}; do trap "_hpcq_forward $_hpcq_s" "$_hpcq_s"; done`,
    "printf -v _hpcq_now '%(%s)T' -1",
    `{ echo '${STATUS_MARK}'; echo "start=$_hpcq_now"; echo "host=$HOSTNAME"; echo "pid=$$"; } > "$_hpcq_status"`,
    ...(cmd.jobId ? ['if [ -n "$_hpcq_jobid" ]; then echo "jobid=$_hpcq_jobid" >> "$_hpcq_status"; fi'] : []),
    '# Job control gives the command its own process group, so a forwarded signal reaches all of it.',
    'set -m',
    '_hpcq_forking=1',
    '(',
    ...innerLines(cmd),
    ') &',
    '_hpcq_child=$!',
    "_hpcq_forking=''",
    'set +m',
    'if [ -n "$_hpcq_pending" ]; then _hpcq_pass "$_hpcq_pending"; fi',
    '# A trapped signal interrupts wait; wait again for the command\'s real exit status.',
    "_hpcq_exit=''",
    'while :; do',
    "  _hpcq_trapped=''",
    '  wait "$_hpcq_child"',
    '  _hpcq_rc=$?',
    '  # 127: the wait before already returned the command\'s status (a signal came right after it).',
    '  if [ "$_hpcq_rc" = 127 ] && [ -n "$_hpcq_exit" ]; then break; fi',
    '  _hpcq_exit=$_hpcq_rc',
    '  if [ -z "$_hpcq_trapped" ]; then break; fi',
    'done',
    '# The command has ended: a signal from here on changes nothing, and nothing may follow end=.',
    `for _hpcq_s in ${FORWARDED.join(' ')}; do trap '' "$_hpcq_s"; done`,
    'echo "exit=$_hpcq_exit" >> "$_hpcq_status"',
    "printf -v _hpcq_now '%(%s)T' -1",
    'echo "end=$_hpcq_now" >> "$_hpcq_status"',
    'exit "$_hpcq_exit"',
  ];
}
