# shellcheck shell=bash
# Sourced by scripts/testbed.sh: installs Debian's Grid Engine (8.1.9) next to Slurm while
# keeping slurm-wlm-torque's qsub/qstat/qdel in /usr/bin. Needs STATE from the entry point.
#
# Why this is not a plain `apt-get install`: slurm-wlm-torque declares
# `Conflicts: gridengine-client` (both ship /usr/bin/qsub, qstat, qdel, qalter, qhold, qrls),
# so apt removes slurm-wlm-torque when Grid Engine is installed and /usr/bin/qsub becomes
# Grid Engine's wrapper. So:
#   1. local dpkg diversions send every package's copy of those six paths to
#      /usr/bin/<name>.gridengine, registered before apt runs: when apt removes
#      slurm-wlm-torque, dpkg deletes the diverted path (absent) and leaves the Torque
#      commands where they are, so there is no window in which /usr/bin/qsub is Grid Engine's;
#   2. slurm-wlm-torque's own files are taken from its .deb (same version as Slurm) and kept
#      in /usr/bin, where its qsub finds sbatch (it looks next to itself);
#   3. its Perl dependencies are in PACKAGES (packages.sh), so nothing autoremoves them.
# Grid Engine's commands are then used from its own directory (SGE_BIN below).

# mailutils provides the mailx that gridengine-common needs without pulling in an MTA daemon.
SGE_PACKAGES=(gridengine-master gridengine-exec gridengine-client mailutils)
# The names both packages ship in /usr/bin.
SHARED_CMDS=(qsub qstat qdel qalter qhold qrls)
TORQUE_DEB_DIR=$STATE/debs
TORQUE_FILES=$STATE/slurm-wlm-torque
# Grid Engine's commands, each a link to Debian's wrapper (sets SGE_ROOT/SGE_CELL, then runs
# /usr/lib/gridengine/<name>): the cell's own bin directory, as on a real site.
SGE_BIN=$STATE/sge/bin

divert_shared_cmds() {
  local c
  for c in "${SHARED_CMDS[@]}"; do
    if ! dpkg-divert --list "/usr/bin/$c" | grep -q .; then
      dpkg-divert --local --no-rename --divert "/usr/bin/$c.gridengine" --add "/usr/bin/$c" >/dev/null
    fi
  done
}

# Downloads slurm-wlm-torque at the installed Slurm's version and unpacks it under STATE.
fetch_torque_files() {
  local ver deb
  ver=$(dpkg-query -W -f='${Version}' slurm-client)
  deb=$(ls "$TORQUE_DEB_DIR"/slurm-wlm-torque_*.deb 2>/dev/null | head -n 1 || true)
  if [[ -z $deb || $(dpkg-deb -f "$deb" Version) != "$ver" ]]; then
    mkdir -p "$TORQUE_DEB_DIR"
    rm -f "$TORQUE_DEB_DIR"/slurm-wlm-torque_*.deb
    # apt's sandbox user cannot write under STATE; download as root into a temp dir.
    (cd "$TORQUE_DEB_DIR" && apt-get download -qq "slurm-wlm-torque=$ver" 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2 || true)
    deb=$(ls "$TORQUE_DEB_DIR"/slurm-wlm-torque_*.deb 2>/dev/null | head -n 1 || true)
    [[ -n $deb ]] || die "could not download slurm-wlm-torque=$ver (apt-get download)"
  fi
  rm -rf "$TORQUE_FILES.new"
  dpkg-deb -x "$deb" "$TORQUE_FILES.new"
  rm -rf "$TORQUE_FILES"
  mv "$TORQUE_FILES.new" "$TORQUE_FILES"
}

# Puts every /usr/bin file of slurm-wlm-torque in place (atomically, only when it differs).
place_torque_cmds() {
  local f name changed=0
  for f in "$TORQUE_FILES"/usr/bin/*; do
    name=${f##*/}
    if [[ -f /usr/bin/$name && ! -L /usr/bin/$name ]] && cmp -s "$f" "/usr/bin/$name"; then continue; fi
    install -m 0755 "$f" "/usr/bin/$name.hpcq-new"
    mv -f "/usr/bin/$name.hpcq-new" "/usr/bin/$name"
    changed=1
  done
  ((changed)) && say "slurm-wlm-torque's commands are in /usr/bin again"
  return 0
}

link_sge_bin() {
  local f name
  mkdir -p "$SGE_BIN"
  for f in /usr/lib/gridengine/q*; do
    name=${f##*/}
    [[ -x $f && ! -d $f ]] || continue
    [[ $(readlink "$SGE_BIN/$name" 2>/dev/null) == /usr/share/gridengine/gridengine-wrapper ]] ||
      ln -sfn /usr/share/gridengine/gridengine-wrapper "$SGE_BIN/$name"
  done
}

preseed_gridengine() {
  # Debconf answers for a first install: the postinsts then create the cell and the spool.
  debconf-set-selections <<SEL
gridengine-common shared/gridengineconfig boolean true
gridengine-common shared/gridenginecell string default
gridengine-client shared/gridenginemaster string $NODE
SEL
}

install_gridengine() {
  divert_shared_cmds
  # The Torque files must be at hand before apt removes slurm-wlm-torque.
  [[ -x $TORQUE_FILES/usr/bin/qsub ]] || fetch_torque_files
  preseed_gridengine
  apt_install "${SGE_PACKAGES[@]}"
  place_torque_cmds
  cmp -s /usr/bin/qsub "$TORQUE_FILES/usr/bin/qsub" || die "/usr/bin/qsub is not slurm-wlm-torque's"
  link_sge_bin
  "$SGE_BIN/qsub" -help 2>/dev/null | head -n 1 | grep -q '^SGE' ||
    die "$SGE_BIN/qsub is not Grid Engine's qsub"
}
