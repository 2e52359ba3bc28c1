# shellcheck shell=bash
# Sourced by scripts/testbed.sh: installs the Debian packages the testbed needs.

PACKAGES=(slurmctld slurmd slurm-client slurmdbd munge mariadb-server openssh-server openssh-client slurm-wlm-torque parallel strace)

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
