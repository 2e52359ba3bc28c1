# shellcheck shell=bash
# shellcheck disable=SC2153 # STATE, PIDS and NODE are set by scripts/testbed.sh
# Sourced by scripts/testbed.sh: configures the Grid Engine cell that Debian's postinsts
# created (default, in /var/lib/gridengine) and starts sge_qmaster and sge_execd directly.
# Needs STATE, PIDS, NODE and SGE_BIN (sge-install.sh) from the entry point.

SGE_ROOT_DIR=/var/lib/gridengine
SGE_COMMON=$SGE_ROOT_DIR/default/common
SGE_SPOOL=/var/spool/gridengine
# Named like the Slurm partition, so a test's `partition: 'debug'` means the same on both.
SGE_QUEUE=debug
SGE_PE=smp
QMASTER_LOG=$SGE_SPOOL/qmaster/messages

qconf() { timeout 20 "$SGE_BIN/qconf" "$@"; }
qmaster_answers() { timeout 5 "$SGE_BIN/qconf" -sh; }
# The exec host reports a load once its execd has registered with the qmaster.
execd_reports() { timeout 5 "$SGE_BIN/qhost" -h "$NODE" | awk -v h="$NODE" '$1 == h && $4 != "-" { ok = 1 } END { exit !ok }'; }

# The queue's slots: as many as Slurm's node has, so tests may share the machine.
sge_slots() { echo "${HPCQ_TESTBED_CPUS:-$(($(nproc) * 4 > 8 ? $(nproc) * 4 : 8))}"; }

# qconf opens "$EDITOR FILE" for -a*/-m*; this editor sets the keys listed in HPCQ_SGE_SET
# ("key value" lines) and keeps everything else, so the qmaster's own template fills the rest.
write_sge_editor() {
  mkdir -p "$STATE/sge"
  write_if_changed "$STATE/sge/set-keys.sh" root:root 0755 <<'SH' || true
#!/bin/sh
# Written by hpcq scripts/testbed.sh: qconf's $EDITOR, sets the keys in $HPCQ_SGE_SET.
awk -v spec="$HPCQ_SGE_SET" '
  BEGIN { n = split(spec, l, "\n"); for (i = 1; i <= n; i++) if (l[i] != "") {
    k = l[i]; sub(/ .*/, "", k); want[k] = substr(l[i], length(k) + 2); order[++m] = k } }
  # A long value goes on over lines ending in a backslash: the old value is dropped whole.
  skip { skip = /\\$/; next }
  ($1 in want) { printf "%-20s %s\n", $1, want[$1]; seen[$1] = 1; skip = /\\$/; next }
  { print }
  END { for (i = 1; i <= m; i++) if (!(order[i] in seen)) printf "%-20s %s\n", order[i], want[order[i]] }
' "$1" >"$1.hpcq" && cat "$1.hpcq" >"$1" && rm -f "$1.hpcq"
SH
}

# qconf -s* continues a long value on the next line after a trailing backslash.
join_continued() { sed -e ':a' -e '/\\$/N; s/\\\n[[:space:]]*/ /; ta'; }

# sge_set OBJ NAME SPEC: makes the object (q, p, hgrp, e, conf, sconf) carry SPEC's
# "key value" lines, adding it when missing; does nothing when it already does.
sge_set() {
  local obj=$1 name=$2 spec=$3 current
  if current=$(qconf "-s$obj" ${name:+"$name"} 2>/dev/null) && [[ -n $current ]]; then
    # Compare with whitespace squeezed: qconf aligns columns its own way.
    if awk -v spec="$spec" 'BEGIN { n = split(spec, l, "\n"); for (i = 1; i <= n; i++) if (l[i] != "") {
          k = l[i]; sub(/ .*/, "", k); want[k] = substr(l[i], length(k) + 2) } }
        ($1 in want) { v = $0; sub(/^[^ \t]+[ \t]+/, "", v); gsub(/[ \t]+/, " ", v); if (v == want[$1]) ok[$1] = 1 }
        END { for (k in want) if (!(k in ok)) exit 1 }' <<<"$(join_continued <<<"$current")"; then
      return 0
    fi
    HPCQ_SGE_SET=$spec EDITOR=$STATE/sge/set-keys.sh qconf "-m$obj" ${name:+"$name"} >/dev/null
  else
    # qconf -ae takes a template host, not the new one: its hostname comes from SPEC.
    [[ $obj == e ]] && name=
    HPCQ_SGE_SET=$spec EDITOR=$STATE/sge/set-keys.sh qconf "-a$obj" ${name:+"$name"} >/dev/null
  fi
  say "grid engine: $obj ${name:-} configured"
}

# qdel and h_rt end a job with SIGKILL by default, so nothing in the job can record its end.
# Like Slurm (SIGTERM, KillWait, SIGKILL), the testbed's queue sends SIGTERM to the job's
# process group and SIGKILL to what is left 10 s later; qacct still says failed 37 for h_rt.
write_sge_terminate() {
  write_if_changed "$STATE/sge/terminate.sh" root:root 0755 <<'SH' || true
#!/bin/sh
# Written by hpcq scripts/testbed.sh: the queue's terminate_method. $1: the job's pid, which
# leads the job's process group (sge_shepherd starts every job in a new one).
pid=$1
kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || exit 0
i=0
while [ "$i" -lt 100 ]; do
  kill -0 "$pid" 2>/dev/null || exit 0
  sleep 0.1
  i=$((i + 1))
done
kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
exit 0
SH
}

configure_cell() {
  write_sge_editor
  write_sge_terminate
  # Loopback connections resolve to "localhost"; the qmaster must take them as this host.
  printf '%s localhost\n' "$NODE" | write_if_changed "$SGE_COMMON/host_aliases" sgeadmin:sgeadmin 0644 || true
  echo "$NODE" | write_if_changed "$SGE_COMMON/act_qmaster" sgeadmin:sgeadmin 0644 || true
}

configure_grid() {
  # min_uid 1000 by default would refuse root's jobs; accounting is flushed at once so
  # qacct sees a finished job as soon as qstat stops listing it.
  sge_set conf '' "min_uid 0
min_gid 0
reporting_params accounting=true reporting=false flush_time=00:00:01 joblog=false sharelog=00:00:00 accounting_flush_time=00:00:00"
  # Schedule every second, right after a submit or a finish, and never hold jobs back for load:
  # a busy 2-core CI machine must not put the queue in alarm.
  sge_set sconf '' "schedule_interval 0:0:1
flush_submit_sec 1
flush_finish_sec 1
job_load_adjustments NONE
load_adjustment_decay_time 0:0:0"
  qconf -sh 2>/dev/null | grep -qx "$NODE" || qconf -ah "$NODE" >/dev/null
  qconf -ss 2>/dev/null | grep -qx "$NODE" || { qconf -as "$NODE" >/dev/null; say "grid engine: $NODE is a submit host"; }
  sge_set e "$NODE" "hostname $NODE"
  sge_set hgrp @allhosts "hostlist $NODE"
  sge_set p "$SGE_PE" "slots 9999
allocation_rule \$pe_slots"
  # unix_behavior: a job script runs under its own #! line, as on Slurm. No core files: a
  # crashing test job would leave one in the directory it ran in.
  sge_set q "$SGE_QUEUE" "hostlist @allhosts
slots $(sge_slots)
pe_list $SGE_PE
load_thresholds NONE
shell /bin/bash
shell_start_mode unix_behavior
terminate_method $STATE/sge/terminate.sh \$job_pid
s_core 0
h_core 0"
  # Earlier versions of this script named the queue all.q (Grid Engine's usual name).
  if [[ $SGE_QUEUE != all.q ]] && qconf -sql 2>/dev/null | grep -qx all.q; then
    qconf -dq all.q >/dev/null && say "grid engine: removed the old queue all.q"
  fi
}

start_qmaster() {
  if alive sge_qmaster && ! poll 10 qmaster_answers; then
    say "sge_qmaster (pid $(<"$PIDS/sge_qmaster.pid")) does not answer; restarting it"
    stop_daemon sge_qmaster
  fi
  if alive sge_qmaster; then say "sge_qmaster already running (pid $(<"$PIDS/sge_qmaster.pid"))"; return 0; fi
  rm -f "$SGE_SPOOL/qmaster/qmaster.pid"
  mkdir -p /run/gridengine && chown sgeadmin:sgeadmin /run/gridengine
  /usr/sbin/sge_qmaster || fail_with_log "$QMASTER_LOG" "sge_qmaster did not start"
  record_pid sge_qmaster "$SGE_SPOOL/qmaster/qmaster.pid" 30 || fail_with_log "$QMASTER_LOG" "sge_qmaster wrote no pid file"
  wait_until 60 "$QMASTER_LOG" "sge_qmaster to answer (qconf -sh)" qmaster_answers
}

# execd names its spool directory after the name it resolves for itself: on a machine whose
# hostname maps to 127.0.0.1 that is "localhost" (host_aliases maps it back for the qmaster).
execd_dir() {
  local d
  for d in "$SGE_SPOOL/execd/$NODE" "$SGE_SPOOL/execd/localhost"; do
    [[ -s $d/execd.pid ]] && { echo "$d"; return 0; }
  done
  echo "$SGE_SPOOL/execd/$NODE"
  return 1
}
execd_log() { echo "$(execd_dir)/messages"; }

start_execd() {
  if alive sge_execd && ! poll 15 execd_reports; then
    say "sge_execd (pid $(<"$PIDS/sge_execd.pid")) does not report; restarting it"
    stop_daemon sge_execd
  fi
  if ! alive sge_execd; then
    rm -f "$SGE_SPOOL"/execd/*/execd.pid
    /usr/sbin/sge_execd || fail_with_log "$(execd_log)" "sge_execd did not start"
    poll 30 execd_dir || fail_with_log "$QMASTER_LOG" "sge_execd wrote no pid file under $SGE_SPOOL/execd"
    record_pid sge_execd "$(execd_dir)/execd.pid" 30 || fail_with_log "$(execd_log)" "sge_execd is not running"
  else
    say "sge_execd already running (pid $(<"$PIDS/sge_execd.pid"))"
  fi
  wait_until 60 "$(execd_log)" "sge_execd on $NODE to report its load (qhost)" execd_reports
}

# A trivial job must run and reach the accounting file: proves execd, shepherd and qacct.
sge_probe_job() {
  local id
  id=$(timeout 20 "$SGE_BIN/qsub" -terse -b y -N hpcq-testbed-probe -o /dev/null -e /dev/null true) ||
    fail_with_log "$QMASTER_LOG" "qsub of the probe job failed"
  wait_until 60 "$(execd_log)" "the probe job $id to finish (qacct -j $id)" \
    sh -c "timeout 5 '$SGE_BIN/qacct' -j '$id' | grep -Eq '^exit_status +0'"
  say "grid engine ready: job $id ran on $NODE ($SGE_QUEUE, $(sge_slots) slots, pe $SGE_PE)"
}

bring_up_gridengine() {
  local fresh=0
  alive sge_execd || fresh=1
  configure_cell
  start_qmaster
  configure_grid
  start_execd
  # A queue in error state (E) from an earlier failure would hold every job: clear it.
  timeout 10 "$SGE_BIN/qmod" -c "$SGE_QUEUE" >/dev/null 2>&1 || true
  ((fresh)) && sge_probe_job
  return 0
}
