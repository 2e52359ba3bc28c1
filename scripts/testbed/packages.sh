# shellcheck shell=bash
# Sourced by scripts/testbed.sh: installs the Debian packages the testbed needs.
# slurm-wlm-torque is not in the list: it conflicts with gridengine-client, so its commands
# come from its .deb instead (see sge-install.sh); its dependencies are listed here.

# chromium (+ a font) runs the HTML report test (test/report/report.chromium.test.ts), which fails under CI=true without it.
PACKAGES=(slurmctld slurmd slurm-client slurmdbd munge mariadb-server openssh-server openssh-client
  libslurm-perl libslurmdb-perl libswitch-perl parallel strace chromium fonts-liberation)

# Another apt run (unattended upgrades, a CI step) may hold the dpkg lock: wait for it, with a deadline.
APT_WAIT=(-o DPkg::Lock::Timeout=600)

pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# apt_install PACKAGE...: installs those not installed yet, without starting any service.
apt_install() {
  local missing=() p
  for p in "$@"; do pkg_installed "$p" || missing+=("$p"); done
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
  # A fresh machine needs the package lists; a warm one tries without refreshing them first.
  apt-get "${APT_WAIT[@]}" install -y -qq --no-install-recommends "${missing[@]}" ||
    { apt-get "${APT_WAIT[@]}" update -qq && apt-get "${APT_WAIT[@]}" install -y -qq --no-install-recommends "${missing[@]}"; }
  ((policy_added)) && rm -f /usr/sbin/policy-rc.d
  apt-mark manual "${missing[@]}" >/dev/null
  return 0
}

install_packages() { apt_install "${PACKAGES[@]}"; }
