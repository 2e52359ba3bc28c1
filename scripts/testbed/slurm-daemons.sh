# shellcheck shell=bash
# shellcheck disable=SC2153 # STATE is set by scripts/testbed.sh, not a misspelt local state
# Sourced by scripts/testbed.sh: starts slurmdbd, slurmctld and slurmd, choosing the cgroup
# mode (cgroup, else linuxproc). Needs STATE, PIDS, ETC, RUN, LOGS and NODE from the entry point.

# Every probe has a timeout: a stopped or wedged daemon accepts connections and never replies.
dbd_answers() { timeout 5 sacctmgr -n -P list cluster format=cluster; }
node_ready() { timeout 5 sinfo -h -n "$NODE" -o %T | grep -Eqx 'idle|mixed|allocated|completing'; }
ctld_answers() { timeout 5 sinfo -h; }

# start_answering NAME PROBE WHAT: start a Slurm daemon (it forks and writes $RUN/NAME.pid) and
# wait until PROBE succeeds. A daemon that runs but does not answer (stopping, or wedged) is
# stopped and started afresh.
start_answering() {
  local name=$1 probe=$2 what=$3
  if alive "$name" && ! poll 10 "$probe"; then
    say "$name (pid $(<"$PIDS/$name.pid")) does not answer; restarting it"
    stop_daemon "$name"
  fi
  if alive "$name"; then say "$name already running (pid $(<"$PIDS/$name.pid"))"; return 0; fi
  rm -f "$RUN/$name.pid"
  "$name"
  record_pid "$name" "$RUN/$name.pid" 30 || fail_with_log "$LOGS/$name.log" "$name did not start"
  wait_until 60 "$LOGS/$name.log" "$name to answer ($what)" "$probe"
}

start_slurmdbd() { start_answering slurmdbd dbd_answers 'sacctmgr list cluster'; }

register_cluster() {
  if ! timeout 20 sacctmgr -n -P list cluster format=cluster | grep -qx hpcq; then
    timeout 20 sacctmgr -i add cluster hpcq >/dev/null
    say "registered cluster hpcq in slurmdbd"
  fi
}

start_slurmctld() { start_answering slurmctld ctld_answers sinfo; }

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
