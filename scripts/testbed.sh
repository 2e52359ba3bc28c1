#!/usr/bin/env bash
# hpcq's single-node Slurm testbed: munge, MariaDB, slurmdbd, slurmctld, slurmd and a
# loopback sshd, started directly (no systemd) on a Debian-like machine, as root.
#
#   scripts/testbed.sh up       install what is missing, write configs, start everything
#   scripts/testbed.sh down     stop the daemons this script started (from its pid files)
#   scripts/testbed.sh status   show what runs, the cgroup mode and the node line
#
# Environment: HPCQ_TESTBED_DIR (state, default /var/lib/hpcq-testbed),
# HPCQ_TESTBED_SSH_PORT (default 22222), HPCQ_TESTBED_CGROUP=0 (force the non-cgroup mode),
# HPCQ_TESTBED_CPUS (job slots of the node, default 4 x nproc and at least 8).
set -euo pipefail

STATE=${HPCQ_TESTBED_DIR:-/var/lib/hpcq-testbed}
SSH_PORT=${HPCQ_TESTBED_SSH_PORT:-22222}
PACKAGES=(slurmctld slurmd slurm-client slurmdbd munge mariadb-server openssh-server openssh-client slurm-wlm-torque parallel)
ETC=/etc/slurm
RUN=/run/slurm
LOGS=/var/log/slurm
PIDS=$STATE/pids

say() { printf 'testbed: %s\n' "$*"; }
die() { printf 'testbed: ERROR: %s\n' "$*" >&2; exit 1; }

preflight() {
  [[ $(id -u) == 0 ]] || die "must run as root (try: sudo $0 ${1:-up}); nothing was changed"
  if ! command -v apt-get >/dev/null 2>&1 || [[ ! -f /etc/debian_version ]]; then
    die "needs a Debian-like system (apt-get and /etc/debian_version); nothing was changed"
  fi
}

# --- pid bookkeeping: $PIDS/<name>.pid holds the pid of a daemon this script started ------
alive() { # alive NAME -> 0 when our recorded daemon runs
  local f=$PIDS/$1.pid pid comm
  [[ -s $f ]] || return 1
  pid=$(<"$f")
  # The program name must match too: after a reboot a stale pid may belong to anything.
  comm=$(cat "/proc/$pid/comm" 2>/dev/null) || return 1
  case $1:$comm in
    munged:munged | mariadb:mariadbd | mariadb:mysqld | slurmdbd:slurmdbd | slurmctld:slurmctld | slurmd:slurmd | sshd:sshd) return 0 ;;
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

# --- packages ---------------------------------------------------------------------------
install_packages() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  ((${#missing[@]} == 0)) && return 0
  say "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Without systemd the maintainer scripts must not try to start the services themselves.
  local policy_added=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    policy_added=1
  fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
  ((policy_added)) && rm -f /usr/sbin/policy-rc.d
  return 0
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

# --- munge -------------------------------------------------------------------------------
munge_answers() { timeout 5 munge -n </dev/null 2>/dev/null | timeout 5 unmunge >/dev/null 2>&1; }

start_munge() {
  if alive munged; then say "munged already running (pid $(<"$PIDS/munged.pid"))"; return 0; fi
  if munge_answers; then say "munged already running (not started by this script; left alone)"; return 0; fi
  mkdir -p /etc/munge /var/lib/munge /var/log/munge /run/munge
  if [[ ! -s /etc/munge/munge.key ]]; then
    if command -v mungekey >/dev/null 2>&1; then mungekey --create --keyfile=/etc/munge/munge.key
    else create-munge-key -f; fi
  fi
  chown -R munge:munge /etc/munge /var/lib/munge /var/log/munge /run/munge
  chmod 0700 /etc/munge /var/lib/munge /var/log/munge
  chmod 0755 /run/munge
  chmod 0600 /etc/munge/munge.key
  rm -f /run/munge/munged.pid /run/munge/munge.socket.2 /run/munge/munge.socket.2.lock
  runuser -u munge -- /usr/sbin/munged
  record_pid munged /run/munge/munged.pid 20 || { tail -n 20 /var/log/munge/munged.log >&2; die "munged did not start"; }
  wait_until 20 /var/log/munge/munged.log "munge to answer" munge_answers
}

# --- MariaDB -----------------------------------------------------------------------------
DB_SOCK=/run/mysqld/mysqld.sock
db_answers() { timeout 5 mysqladmin --socket="$DB_SOCK" -u root ping; }

start_mariadb() {
  if alive mariadb; then say "mariadb already running (pid $(<"$PIDS/mariadb.pid"))"; return 0; fi
  if db_answers >/dev/null 2>&1; then say "mariadb already running (not started by this script; left alone)"; return 0; fi
  local bin log=$STATE/log/mariadb.log
  bin=$(command -v mariadbd || command -v mysqld || echo /usr/sbin/mariadbd)
  mkdir -p /run/mysqld
  chown mysql:mysql /run/mysqld
  touch "$log" && chown mysql:mysql "$log"
  if [[ ! -d /var/lib/mysql/mysql ]]; then
    say "initialising the MariaDB data directory"
    mariadb-install-db --user=mysql --datadir=/var/lib/mysql >>"$log" 2>&1
  fi
  rm -f /run/mysqld/mysqld.pid
  setsid -f "$bin" --user=mysql --datadir=/var/lib/mysql --socket="$DB_SOCK" \
    --pid-file=/run/mysqld/mysqld.pid --bind-address=127.0.0.1 --log-error="$log" \
    --innodb-lock-wait-timeout=900 --innodb-buffer-pool-size=1024M </dev/null >>"$log" 2>&1
  record_pid mariadb /run/mysqld/mysqld.pid 60 || { tail -n 20 "$log" >&2; die "MariaDB did not start"; }
  wait_until 60 "$log" "MariaDB to answer" db_answers
}

setup_database() {
  local pwfile=$STATE/db-password pw
  if [[ ! -s $pwfile ]]; then
    (umask 077 && head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' >"$pwfile")
  fi
  pw=$(<"$pwfile")
  mysql --socket="$DB_SOCK" -u root <<SQL
CREATE DATABASE IF NOT EXISTS slurm_acct_db;
CREATE USER IF NOT EXISTS 'slurm'@'localhost' IDENTIFIED BY '$pw';
ALTER USER 'slurm'@'localhost' IDENTIFIED BY '$pw';
GRANT ALL PRIVILEGES ON slurm_acct_db.* TO 'slurm'@'localhost';
FLUSH PRIVILEGES;
SQL
}

# --- Slurm configuration -------------------------------------------------------------------
NODE=$(hostname -s)

cgroup_available() {
  [[ ${HPCQ_TESTBED_CGROUP:-1} != 0 && -d /sys/fs/cgroup/memory && -f /sys/fs/cgroup/memory/memory.limit_in_bytes ]]
}

# slurm.conf for MODE (cgroup|linuxproc); returns 0 when the file changed.
write_slurm_conf() {
  local mode=$1 mem_mb real cpus track task
  mem_mb=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)
  real=$((mem_mb * 80 / 100))
  ((mem_mb - real > 8192)) && real=$((mem_mb - 8192)) # big machines need no 20 % headroom
  # Job slots, not cores: test files share one node, and a few long jobs (timeouts, sleeps)
  # on nproc slots would starve everyone else. slurmd accepts the count via config_overrides.
  cpus=${HPCQ_TESTBED_CPUS:-$(($(nproc) * 4 > 8 ? $(nproc) * 4 : 8))}
  local overrides=''
  ((cpus > $(nproc))) && overrides='SlurmdParameters=config_overrides'
  # Without a resolvable host name the daemons could not find each other: pin loopback.
  local ctld=$NODE addr=''
  if ! getent hosts "$NODE" >/dev/null 2>&1; then ctld="$NODE(127.0.0.1)" addr=' NodeAddr=127.0.0.1'; fi
  if [[ $mode == cgroup ]]; then track=proctrack/cgroup task=task/cgroup
  else track=proctrack/linuxproc task=task/none; fi
  mkdir -p "$ETC"
  write_if_changed "$ETC/slurm.conf" root:root 0644 <<CONF
# Written by hpcq scripts/testbed.sh ($mode mode). Single node, jobs run side by side.
ClusterName=hpcq
SlurmctldHost=$ctld
SlurmUser=slurm
AuthType=auth/munge
SlurmctldPort=6817
SlurmdPort=6818
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=$RUN/slurmctld.pid
SlurmdPidFile=$RUN/slurmd.pid
SlurmctldLogFile=$LOGS/slurmctld.log
SlurmdLogFile=$LOGS/slurmd.log
ProctrackType=$track
TaskPlugin=$task
ReturnToService=2
JobRequeue=0
SlurmctldTimeout=10
SlurmdTimeout=60
InactiveLimit=0
MinJobAge=10
KillWait=5
Waittime=0
MpiDefault=none
MailProg=/bin/true
SchedulerType=sched/backfill
# Start short test jobs as soon as resources free up (the default waits up to 3 s per pass).
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=512
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=localhost
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=10
$overrides
NodeName=$NODE$addr CPUs=$cpus RealMemory=$real State=UNKNOWN
PartitionName=debug Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
CONF
}

write_other_confs() {
  local pw
  pw=$(<"$STATE/db-password")
  write_if_changed "$ETC/cgroup.conf" root:root 0644 <<CONF || true
# Written by hpcq scripts/testbed.sh. Only read in cgroup mode.
CgroupPlugin=cgroup/v1
CgroupMountpoint=/sys/fs/cgroup
CgroupAutomount=no
ConstrainCores=no
ConstrainRAMSpace=yes
ConstrainSwapSpace=no
CONF
  write_if_changed "$ETC/slurmdbd.conf" slurm:slurm 0600 <<CONF || true
# Written by hpcq scripts/testbed.sh.
AuthType=auth/munge
DbdHost=localhost
DbdPort=6819
SlurmUser=slurm
LogFile=$LOGS/slurmdbd.log
PidFile=$RUN/slurmdbd.pid
StorageType=accounting_storage/mysql
StorageHost=localhost
StorageUser=slurm
StoragePass=$pw
StorageLoc=slurm_acct_db
CONF
}

prepare_slurm_dirs() {
  mkdir -p "$RUN" "$LOGS" /var/spool/slurmctld /var/spool/slurmd
  chown slurm:slurm "$RUN" "$LOGS" /var/spool/slurmctld
  chmod 0755 "$RUN" "$LOGS"
}

# --- Slurm daemons -----------------------------------------------------------------------
# Every probe has a timeout: a stopped or wedged daemon accepts connections and never replies.
dbd_answers() { timeout 5 sacctmgr -n -P list cluster format=cluster; }
node_ready() { timeout 5 sinfo -h -n "$NODE" -o %T | grep -Eqx 'idle|mixed|allocated|completing'; }
ctld_answers() { timeout 5 sinfo -h; }

# A daemon that runs but does not answer (stopping, or wedged) is stopped and started afresh.
start_slurmdbd() {
  if alive slurmdbd && ! poll 10 dbd_answers; then
    say "slurmdbd (pid $(<"$PIDS/slurmdbd.pid")) does not answer; restarting it"
    stop_daemon slurmdbd
  fi
  if alive slurmdbd; then say "slurmdbd already running (pid $(<"$PIDS/slurmdbd.pid"))"; return 0; fi
  rm -f "$RUN/slurmdbd.pid"
  slurmdbd
  record_pid slurmdbd "$RUN/slurmdbd.pid" 30 || fail_with_log "$LOGS/slurmdbd.log" "slurmdbd did not start"
  wait_until 60 "$LOGS/slurmdbd.log" "slurmdbd to answer (sacctmgr list cluster)" dbd_answers
}

register_cluster() {
  if ! timeout 20 sacctmgr -n -P list cluster format=cluster | grep -qx hpcq; then
    timeout 20 sacctmgr -i add cluster hpcq >/dev/null
    say "registered cluster hpcq in slurmdbd"
  fi
}

start_slurmctld() {
  if alive slurmctld && ! poll 10 ctld_answers; then
    say "slurmctld (pid $(<"$PIDS/slurmctld.pid")) does not answer; restarting it"
    stop_daemon slurmctld
  fi
  if alive slurmctld; then say "slurmctld already running (pid $(<"$PIDS/slurmctld.pid"))"; return 0; fi
  rm -f "$RUN/slurmctld.pid"
  slurmctld
  record_pid slurmctld "$RUN/slurmctld.pid" 30 || fail_with_log "$LOGS/slurmctld.log" "slurmctld did not start"
  wait_until 60 "$LOGS/slurmctld.log" "slurmctld to answer (sinfo)" ctld_answers
}

# Starts slurmd and waits for the node to be usable; returns 1 (does not exit) on failure
# so that cgroup mode can fall back.
start_slurmd() {
  if alive slurmd; then say "slurmd already running (pid $(<"$PIDS/slurmd.pid"))"; return 0; fi
  rm -f "$RUN/slurmd.pid"
  slurmd || return 1
  record_pid slurmd "$RUN/slurmd.pid" 30 || return 1
  # A node left DOWN by an earlier run (or by a test) comes back here.
  if poll 10 sh -c "sinfo -h -n '$NODE' -o %T | grep -Eq 'down|drain'"; then
    scontrol update nodename="$NODE" state=resume >/dev/null 2>&1 || true
  fi
  poll 60 node_ready
}

# A trivial job must run to completion: proves slurmd can launch steps in this mode. A probe
# still queued behind other jobs after 30 s proves nothing either way, so it passes.
probe_job() {
  local id state i
  if [[ $(sinfo -h -n "$NODE" -o %T 2>/dev/null) == allocated ]]; then
    say "node busy with recovered jobs; launch probe skipped"
    return 0
  fi
  id=$(sbatch --parsable --nice=-10000 -J hpcq-testbed-probe -o /dev/null -e /dev/null --wrap true) || return 1
  for ((i = 0; i < 60; i++)); do
    state=$(sacct -n -X -P -j "$id" -o State 2>/dev/null | head -n 1)
    case $state in
      COMPLETED) return 0 ;;
      FAILED* | NODE_FAIL* | CANCELLED* | BOOT_FAIL* | OUT_OF_MEMORY* | TIMEOUT*)
        say "probe job $id ended $state"
        return 1 ;;
    esac
    sleep 0.5
  done
  say "probe job $id still ${state:-unknown} after 30 s (queue busy?); cancelling it and carrying on"
  scancel "$id" 2>/dev/null || true
  return 0
}

# Brings slurmctld + slurmd up in MODE; returns 1 when the node or the probe job fails.
start_scheduler() {
  local mode=$1 fresh=$2
  if write_slurm_conf "$mode"; then
    say "slurm.conf written ($mode mode)"
    # Same plugins and node: running daemons reread the file; anything else needs a restart.
    if alive slurmctld && alive slurmd && [[ $(cat "$STATE/cgroup-mode" 2>/dev/null) == "$mode" ]] &&
      [[ $(grep '^NodeName=' "$ETC/slurm.conf") == "$(cat "$STATE/node-line" 2>/dev/null)" ]] &&
      scontrol reconfigure; then
      say "slurmctld and slurmd reread slurm.conf (scontrol reconfigure)"
    elif alive slurmctld || alive slurmd; then
      stop_daemon slurmd
      stop_daemon slurmctld
      fresh=1
    fi
  fi
  start_slurmctld
  start_slurmd || return 1
  grep '^NodeName=' "$ETC/slurm.conf" >"$STATE/node-line"
  if ((fresh)); then probe_job || return 1; fi
  return 0
}

# A running node keeps its recorded mode; a fresh start tries cgroup first when it can.
initial_mode() {
  if alive slurmd; then cat "$STATE/cgroup-mode" 2>/dev/null || echo linuxproc
  elif cgroup_available; then echo cgroup
  else echo linuxproc; fi
}

bring_up_scheduler() {
  local mode fresh=0
  alive slurmd || fresh=1
  mode=$(initial_mode)
  if ! start_scheduler "$mode" "$fresh"; then
    if [[ $mode != cgroup ]]; then
      fail_with_log "$LOGS/slurmd.log" "slurmd did not become ready (node state: $(sinfo -h -n "$NODE" -o %T 2>/dev/null || echo unknown))"
    fi
    say "cgroup mode failed (see $LOGS/slurmd.log); falling back to proctrack/linuxproc + task/none"
    tail -n 5 "$LOGS/slurmd.log" | sed 's/^/testbed:   /' || true
    stop_daemon slurmd
    stop_daemon slurmctld
    mode=linuxproc
    start_scheduler "$mode" 1 ||
      fail_with_log "$LOGS/slurmd.log" "slurmd did not become ready in linuxproc mode either"
  fi
  echo "$mode" >"$STATE/cgroup-mode"
  say "scheduler ready ($mode mode): $(sinfo -h -N -n "$NODE" -o '%N %T cpus=%c mem=%mMB')"
}

# --- loopback sshd -----------------------------------------------------------------------
SSH_DIR=$STATE/ssh

ssh_works() {
  ssh -i "$SSH_DIR/id_ed25519" -p "$SSH_PORT" -o BatchMode=yes -o IdentitiesOnly=yes \
    -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$SSH_DIR/known_hosts" \
    -o ConnectTimeout=5 root@127.0.0.1 true </dev/null
}

write_ssh_files() {
  mkdir -p "$SSH_DIR" /run/sshd
  chmod 0700 "$SSH_DIR"
  chmod 0755 /run/sshd
  [[ -s $SSH_DIR/host_ed25519 ]] || ssh-keygen -q -t ed25519 -N '' -C hpcq-testbed-host -f "$SSH_DIR/host_ed25519"
  [[ -s $SSH_DIR/id_ed25519 ]] || ssh-keygen -q -t ed25519 -N '' -C hpcq-testbed-client -f "$SSH_DIR/id_ed25519"
  write_if_changed "$SSH_DIR/authorized_keys" root:root 0600 <"$SSH_DIR/id_ed25519.pub" || true
  local hostkey use_pam=no
  hostkey=$(awk '{ print $1, $2 }' "$SSH_DIR/host_ed25519.pub")
  echo "[127.0.0.1]:$SSH_PORT $hostkey" | write_if_changed "$SSH_DIR/known_hosts" root:root 0644 || true
  # With UsePAM no, sshd refuses accounts whose password is locked ('!'); PAM does not.
  [[ $(getent shadow root | cut -d: -f2) == '!'* ]] && use_pam=yes
  write_if_changed "$SSH_DIR/sshd_config" root:root 0600 <<CONF || true
# Written by hpcq scripts/testbed.sh: root logs in with the testbed key only, on loopback.
Port $SSH_PORT
ListenAddress 127.0.0.1
HostKey $SSH_DIR/host_ed25519
PidFile $STATE/pids/sshd.daemon.pid
AuthorizedKeysFile $SSH_DIR/authorized_keys
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM $use_pam
PrintMotd no
LogLevel VERBOSE
MaxSessions 64
MaxStartups 64:30:128
Subsystem sftp internal-sftp
CONF
  local cpus
  cpus=$(timeout 5 sinfo -h -n "$NODE" -o %c 2>/dev/null) || cpus=$(nproc)
  write_if_changed "$STATE/connection.json" root:root 0644 <<JSON || true
{"host":"127.0.0.1","port":$SSH_PORT,"user":"root","keyPath":"$SSH_DIR/id_ed25519","knownHosts":"[127.0.0.1]:$SSH_PORT $hostkey","knownHostsFile":"$SSH_DIR/known_hosts","node":"$NODE","partition":"debug","cpus":${cpus:-1},"cgroupMode":"$(cat "$STATE/cgroup-mode" 2>/dev/null || echo unknown)"}
JSON
}

start_sshd() {
  write_ssh_files
  if alive sshd; then
    kill -HUP "$(<"$PIDS/sshd.pid")" # re-read a possibly changed config
    say "sshd already running (pid $(<"$PIDS/sshd.pid"), port $SSH_PORT)"
  else
    /usr/sbin/sshd -t -f "$SSH_DIR/sshd_config" || die "sshd rejected $SSH_DIR/sshd_config"
    rm -f "$PIDS/sshd.daemon.pid"
    /usr/sbin/sshd -f "$SSH_DIR/sshd_config" -E "$STATE/log/sshd.log"
    record_pid sshd "$PIDS/sshd.daemon.pid" 20 || fail_with_log "$STATE/log/sshd.log" "sshd did not start (port $SSH_PORT taken?)"
  fi
  wait_until 20 "$STATE/log/sshd.log" "ssh root@127.0.0.1 -p $SSH_PORT to work" ssh_works
}

# --- commands ----------------------------------------------------------------------------
cmd_up() {
  local t0=$SECONDS
  install_packages
  mkdir -p "$STATE" "$PIDS" "$STATE/log"
  chmod 0755 "$STATE"
  start_munge
  start_mariadb
  setup_database
  prepare_slurm_dirs
  write_other_confs
  # sacctmgr needs a slurm.conf before slurmctld runs; changes are applied by bring_up_scheduler.
  [[ -f $ETC/slurm.conf ]] || write_slurm_conf "$(initial_mode)" || true
  start_slurmdbd
  register_cluster
  bring_up_scheduler
  start_sshd
  say "up in $((SECONDS - t0))s; connection details in $STATE/connection.json"
}

cmd_down() {
  local name
  for name in sshd slurmd slurmctld slurmdbd mariadb munged; do
    if alive "$name"; then stop_daemon "$name"; else rm -f "$PIDS/$name.pid"; fi
  done
  say "down"
}

# Exit status 0 when every daemon runs, 3 otherwise (as LSB init scripts do).
cmd_status() {
  local name rc=0
  for name in munged mariadb slurmdbd slurmctld slurmd sshd; do
    if alive "$name"; then printf '%-10s running (pid %s)\n' "$name" "$(<"$PIDS/$name.pid")"
    else printf '%-10s not running (by this script)\n' "$name"; rc=3; fi
  done
  printf '%-10s %s\n' mode "$(cat "$STATE/cgroup-mode" 2>/dev/null || echo unknown)"
  printf '%-10s %s\n' ssh "127.0.0.1:$SSH_PORT (key $SSH_DIR/id_ed25519)"
  printf '%-10s %s\n' node "$(timeout 10 sinfo -h -N -o '%N %P %T cpus=%c mem=%mMB' 2>/dev/null || echo 'sinfo does not answer')"
  return "$rc"
}

usage() { echo "usage: $0 up|down|status" >&2; exit 2; }

main() {
  case ${1:-} in
    up | down | status) ;;
    *) usage ;;
  esac
  # status only reads, so anyone may ask; up and down change the machine.
  [[ $1 == status ]] || preflight "$1"
  "cmd_$1"
}

main "$@"
