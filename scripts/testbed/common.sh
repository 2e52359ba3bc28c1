# shellcheck shell=bash
# Sourced by scripts/testbed.sh: messages, bookkeeping of the daemons this script starts,
# waiting with deadlines, and atomic config writes. Needs PIDS from the entry point.

say() { printf 'testbed: %s\n' "$*"; }
die() { printf 'testbed: ERROR: %s\n' "$*" >&2; exit 1; }

# --- pid bookkeeping: $PIDS/<name>.pid holds the pid of a daemon this script started ------
alive() { # alive NAME -> 0 when our recorded daemon runs
  local f=$PIDS/$1.pid pid comm
  [[ -s $f ]] || return 1
  pid=$(<"$f")
  # The program name must match too: after a reboot a stale pid may belong to anything.
  comm=$(cat "/proc/$pid/comm" 2>/dev/null) || return 1
  case $1:$comm in
    munged:munged | mariadb:mariadbd | mariadb:mysqld | slurmdbd:slurmdbd | slurmctld:slurmctld | slurmd:slurmd | sshd:sshd | \
      sge_qmaster:sge_qmaster | sge_execd:sge_execd) return 0 ;;
    *) return 1 ;;
  esac
}

record_pid() { # record_pid NAME DAEMON_PIDFILE [TIMEOUT]: copy the daemon's pid once it appears
  local name=$1 file=$2 limit=${3:-30} i pid
  for ((i = 0; i < limit * 10; i++)); do
    if [[ -s $file ]]; then
      pid=$(tr -dc '0-9' <"$file")
      if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
        echo "$pid" >"$PIDS/$name.pid"
        say "started $name (pid $pid)"
        return 0
      fi
    fi
    sleep 0.1
  done
  return 1
}

poll() { # poll SECONDS COMMAND...: 0 as soon as COMMAND succeeds, 1 once SECONDS have passed
  local deadline=$((SECONDS + $1))
  shift
  # A deadline, not a count: one try of a command may itself take seconds.
  while ((SECONDS < deadline)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.25
  done
  return 1
}

fail_with_log() { # fail_with_log LOGFILE MESSAGE: show the log's tail, exit non-zero
  if [[ -n $1 && -f $1 ]]; then
    printf -- '--- last lines of %s ---\n' "$1" >&2
    tail -n 25 "$1" >&2
  fi
  die "$2"
}

wait_until() { # wait_until SECONDS LOGFILE DESCRIPTION COMMAND...
  local limit=$1 logfile=$2 what=$3
  shift 3
  poll "$limit" "$@" || fail_with_log "$logfile" "timed out after ${limit}s waiting for $what"
}

stop_daemon() { # stop_daemon NAME: TERM, wait up to 30 s, then KILL
  local name=$1 pid i
  if ! alive "$name"; then rm -f "$PIDS/$name.pid"; return 0; fi
  pid=$(<"$PIDS/$name.pid")
  kill "$pid" 2>/dev/null || true
  kill -CONT "$pid" 2>/dev/null || true # a stopped process acts on TERM only once continued
  for ((i = 0; i < 300; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "$name (pid $pid) ignored SIGTERM for 30 s; sending SIGKILL"
    kill -9 "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$PIDS/$name.pid"
  say "stopped $name (pid $pid)"
}

# Writes stdin to FILE (atomically) when the content differs; returns 0 when it changed the file.
write_if_changed() { # write_if_changed FILE OWNER MODE < content
  local file=$1 owner=$2 mode=$3 tmp
  tmp=$(mktemp)
  cat >"$tmp"
  if [[ -f $file ]] && cmp -s "$tmp" "$file"; then
    rm -f "$tmp"
    chown "$owner" "$file" && chmod "$mode" "$file"
    return 1
  fi
  # Readers (sshd, tests loading connection.json) must never see a half-written file.
  install -o "${owner%%:*}" -g "${owner##*:}" -m "$mode" "$tmp" "$file.new.$$"
  mv -f "$file.new.$$" "$file"
  rm -f "$tmp"
  return 0
}
