#!/usr/bin/env bash
# Starts (or stops) every service the tests need: PostgreSQL, Valkey/Redis and the Kafka broker. Idempotent.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
case "${1:-start}" in
  start)
    bash "$here/postgres.sh" start
    bash "$here/valkey.sh" start
    bash "$here/kafka.sh" start
    ;;
  stop)
    # PostgreSQL and Redis are the machine's own servers; only the broker we started is stopped.
    bash "$here/kafka.sh" stop
    ;;
  status)
    bash "$here/postgres.sh" status || true
    bash "$here/valkey.sh" status || true
    bash "$here/kafka.sh" status || true
    ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
