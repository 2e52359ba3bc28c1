# shellcheck shell=bash
# Sourced by scripts/testbed.sh: Slurm's configuration files and directories. Needs STATE,
# ETC, RUN, LOGS and NODE from the entry point.

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
