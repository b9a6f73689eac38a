#!/usr/bin/env bash
# Starts the local PostgreSQL and Redis servers the hub and its tests use, installing them (and the
# Chromium the browser test drives) from Debian's packages when missing. Idempotent: safe to run again while they are running.
#
#   scripts/services.sh          install if needed, start, create the `interop` role
#   scripts/services.sh stop     stop both
#
# PostgreSQL: Debian's cluster on 127.0.0.1:5432, role `interop` / password `interop` (CREATEDB).
# Redis:      127.0.0.1:6379, no persistence (a cache).
set -euo pipefail

PG_PORT="${INTEROP_PG_PORT:-5432}"
REDIS_PORT="${INTEROP_REDIS_PORT:-6379}"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
log() { echo "services: $*" >&2; }

install_missing() {
  local missing=()
  command -v pg_ctlcluster >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  # The certificate pages' browser test drives Debian's headless Chromium (Playwright launches it, downloads nothing).
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} from Debian's packages"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

pg_version() { ls /usr/lib/postgresql | sort -V | tail -n 1; }

start_postgres() {
  local version; version=$(pg_version)
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "$version main"; then
    log "creating PostgreSQL $version cluster"
    as_root pg_createcluster "$version" main --port "$PG_PORT" >/dev/null
  fi
  local conf="/etc/postgresql/$version/main/conf.d/interop.conf"
  if [ ! -f "$conf" ]; then
    # A development and test server: speed over durability, and room for bulk loads.
    as_root tee "$conf" >/dev/null <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
max_connections = 300
shared_buffers = 512MB
synchronous_commit = off
wal_level = minimal
max_wal_senders = 0
max_wal_size = 8GB
checkpoint_timeout = 30min
maintenance_work_mem = 512MB
CONF
    as_root pg_ctlcluster "$version" main stop >/dev/null 2>&1 || true
  fi
  if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
    log "starting PostgreSQL $version on port $PG_PORT"
    as_root pg_ctlcluster "$version" main start
  fi
  for _ in $(seq 1 50); do
    as_root runuser -u postgres -- pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break
    sleep 0.2
  done
  as_root runuser -u postgres -- psql -q -p "$PG_PORT" -v ON_ERROR_STOP=1 <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'interop') THEN
    CREATE ROLE interop LOGIN CREATEDB PASSWORD 'interop';
  END IF;
END $$;
SQL
}

start_redis() {
  if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    return
  fi
  log "starting Redis on port $REDIS_PORT"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save '' --appendonly no \
    --logfile /tmp/interop-redis-"$REDIS_PORT".log >/dev/null
  for _ in $(seq 1 50); do
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
}

case "${1:-start}" in
  start)
    install_missing
    start_postgres
    start_redis
    log "PostgreSQL on 127.0.0.1:$PG_PORT (user interop, password interop), Redis on 127.0.0.1:$REDIS_PORT"
    ;;
  stop)
    as_root pg_ctlcluster "$(pg_version)" main stop || true
    redis-cli -p "$REDIS_PORT" shutdown nosave 2>/dev/null || true
    ;;
  *)
    echo "usage: $0 [start|stop]" >&2
    exit 2
    ;;
esac
