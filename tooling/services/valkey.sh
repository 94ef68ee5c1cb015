#!/usr/bin/env bash
# Valkey/Redis for the tests: use the server on 127.0.0.1:6379 when it answers PING; otherwise install redis-server
# from Debian's packages if missing and start it without persistence. Idempotent.
set -euo pipefail
HOST=127.0.0.1
PORT=${VALKEY_PORT:-6379}
log() { echo "[valkey] $*"; }

ready() { command -v redis-cli >/dev/null 2>&1 && [ "$(redis-cli -h "$HOST" -p "$PORT" ping 2>/dev/null)" = "PONG" ]; }

start() {
  if ready; then log "already answering on $HOST:$PORT"; return; fi
  if ! command -v redis-server >/dev/null 2>&1; then
    [ "$(id -u)" = 0 ] || { log "redis-server is not installed; run: sudo apt-get install -y redis-server"; exit 1; }
    log "installing redis-server from Debian packages"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  fi
  local dir=/var/lib/redis logfile=/var/log/redis/ci.log
  if [ ! -w /var/lib/redis ] 2>/dev/null; then
    dir="$(cd "$(dirname "$0")/../.." && pwd)/.services/valkey"; logfile="$dir/valkey.log"
  fi
  mkdir -p "$dir" "$(dirname "$logfile")"
  log "starting redis-server on $HOST:$PORT"
  redis-server --daemonize yes --bind "$HOST" --port "$PORT" --save "" --appendonly no --dir "$dir" --logfile "$logfile"
  for _ in $(seq 1 40); do ready && break; sleep 0.25; done
  ready || { log "redis-server did not start"; exit 1; }
}

case "${1:-start}" in
  start) start ;;
  stop) redis-cli -h "$HOST" -p "$PORT" shutdown nosave 2>/dev/null || true ;;
  status) ready && log "up on $HOST:$PORT" || { log "down"; exit 1; } ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
