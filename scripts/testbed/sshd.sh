# shellcheck shell=bash
# Sourced by scripts/testbed.sh: the loopback sshd through which hpcq's tests reach the node
# as a remote host, and connection.json describing it. Needs STATE, PIDS, SSH_PORT, SSH_DIR
# and NODE from the entry point, SGE_BIN, SGE_QUEUE and SGE_PE from sge-install.sh and
# sge-daemons.sh.

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
{"host":"127.0.0.1","port":$SSH_PORT,"user":"root","keyPath":"$SSH_DIR/id_ed25519","knownHosts":"[127.0.0.1]:$SSH_PORT $hostkey","knownHostsFile":"$SSH_DIR/known_hosts","node":"$NODE","partition":"debug","cpus":${cpus:-1},"cgroupMode":"$(cat "$STATE/cgroup-mode" 2>/dev/null || echo unknown)","torqueBin":"/usr/bin","sgeBin":"$SGE_BIN","sgeQueue":"$SGE_QUEUE","sgePe":"$SGE_PE","sgeSlots":$(sge_slots)}
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
