# shellcheck shell=bash
# Sourced by scripts/testbed.sh: what Slurm stands on, munge (authentication) and MariaDB
# (slurmdbd's accounting store). Needs STATE and PIDS from the entry point.

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
