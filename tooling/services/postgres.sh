#!/usr/bin/env bash
# PostgreSQL for the tests: use the server on 127.0.0.1:5432 when it answers; otherwise install it from Debian's
# packages if missing, allow trust auth on loopback (a test-only server) and start it. Idempotent.
set -euo pipefail
HOST=127.0.0.1
PORT=${PGPORT:-5432}
log() { echo "[postgres] $*"; }

ready() { command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h "$HOST" -p "$PORT"; }

ensure_db() {
  local db=$1
  if ! psql -h "$HOST" -p "$PORT" -U postgres -tAc "select 1 from pg_database where datname='$db'" postgres | grep -q 1; then
    psql -h "$HOST" -p "$PORT" -U postgres -c "create database \"$db\"" postgres >/dev/null
    log "created database $db"
  fi
}

start() {
  if ready; then
    log "already accepting connections on $HOST:$PORT"
  else
    if ! command -v pg_ctlcluster >/dev/null 2>&1; then
      [ "$(id -u)" = 0 ] || { log "postgresql is not installed; run: sudo apt-get install -y postgresql"; exit 1; }
      log "installing postgresql from Debian packages"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
    local version
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    local hba="/etc/postgresql/$version/main/pg_hba.conf"
    if [ -w "$hba" ] && ! grep -q "onex-test-trust" "$hba"; then
      # Test-only server: loopback connections are trusted, as on the CI machines.
      sed -i '1i host all all 127.0.0.1/32 trust # onex-test-trust\nhost all all ::1/128 trust # onex-test-trust' "$hba"
    fi
    log "starting cluster $version/main"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    for _ in $(seq 1 60); do ready && break; sleep 0.5; done
    ready || { log "PostgreSQL did not start"; exit 1; }
  fi
  ensure_db test
}

stop() {
  local version
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  [ -n "$version" ] && pg_ctlcluster --skip-systemctl-redirect "$version" main stop || true
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) ready && log "up on $HOST:$PORT" || { log "down"; exit 1; } ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
