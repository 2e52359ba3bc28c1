#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# hpcq's single-node testbed: munge, MariaDB, slurmdbd, slurmctld, slurmd, Grid Engine's
# sge_qmaster and sge_execd, and a loopback sshd, started directly (no systemd) on a
# Debian-like machine, as root. Slurm's Torque commands stay in /usr/bin; Grid Engine's
# commands live in $HPCQ_TESTBED_DIR/sge/bin (connection.json names both).
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
ETC=/etc/slurm
RUN=/run/slurm
LOGS=/var/log/slurm
PIDS=$STATE/pids
SSH_DIR=$STATE/ssh
NODE=$(hostname -s)

# The parts live next to this file (resolved through symlinks), so any cwd and sudo work.
LIB=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/testbed
# shellcheck source=testbed/common.sh
source "$LIB/common.sh"
# shellcheck source=testbed/packages.sh
source "$LIB/packages.sh"
# shellcheck source=testbed/munge-mariadb.sh
source "$LIB/munge-mariadb.sh"
# shellcheck source=testbed/slurm-conf.sh
source "$LIB/slurm-conf.sh"
# shellcheck source=testbed/slurm-daemons.sh
source "$LIB/slurm-daemons.sh"
# shellcheck source=testbed/sge-install.sh
source "$LIB/sge-install.sh"
# shellcheck source=testbed/sge-daemons.sh
source "$LIB/sge-daemons.sh"
# shellcheck source=testbed/sshd.sh
source "$LIB/sshd.sh"

preflight() {
  [[ $(id -u) == 0 ]] || die "must run as root (try: sudo $0 ${1:-up}); nothing was changed"
  if ! command -v apt-get >/dev/null 2>&1 || [[ ! -f /etc/debian_version ]]; then
    die "needs a Debian-like system (apt-get and /etc/debian_version); nothing was changed"
  fi
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
  install_gridengine
  bring_up_gridengine
  start_sshd
  say "up in $((SECONDS - t0))s; connection details in $STATE/connection.json"
}

cmd_down() {
  local name
  for name in sshd sge_execd sge_qmaster slurmd slurmctld slurmdbd mariadb munged; do
    if alive "$name"; then stop_daemon "$name"; else rm -f "$PIDS/$name.pid"; fi
  done
  say "down"
}

# Exit status 0 when every daemon runs, 3 otherwise (as LSB init scripts do).
cmd_status() {
  local name rc=0
  for name in munged mariadb slurmdbd slurmctld slurmd sge_qmaster sge_execd sshd; do
    if alive "$name"; then printf '%-11s running (pid %s)\n' "$name" "$(<"$PIDS/$name.pid")"
    else printf '%-11s not running (by this script)\n' "$name"; rc=3; fi
  done
  printf '%-11s %s\n' mode "$(cat "$STATE/cgroup-mode" 2>/dev/null || echo unknown)"
  printf '%-11s %s\n' ssh "127.0.0.1:$SSH_PORT (key $SSH_DIR/id_ed25519)"
  printf '%-11s %s\n' node "$(timeout 10 sinfo -h -N -o '%N %P %T cpus=%c mem=%mMB' 2>/dev/null || echo 'sinfo does not answer')"
  printf '%-11s %s\n' sge "$(timeout 10 "$SGE_BIN/qstat" -g c 2>/dev/null | awk 'NR > 2 { print $1, "used=" $3, "avail=" $5, "total=" $6 }' || echo 'qstat does not answer')"
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
