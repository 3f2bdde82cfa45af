#!/usr/bin/env bash
# Installs what is missing (Debian/Ubuntu packages), starts PostgreSQL, Redis
# and RabbitMQ if they are not running, and creates the `attain` role and
# database. Safe to run again: it only does what is not done yet.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

missing=()
command -v pg_ctlcluster >/dev/null || missing+=(postgresql)
command -v psql >/dev/null || missing+=(postgresql-client)
command -v redis-server >/dev/null || missing+=(redis-server)
command -v rabbitmq-server >/dev/null || missing+=(rabbitmq-server)
command -v pkg-config >/dev/null || missing+=(pkg-config)
command -v cc >/dev/null || missing+=(build-essential)
[ -e /usr/include/postgresql/libpq-fe.h ] || missing+=(libpq-dev)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v cargo >/dev/null || die "Rust is not installed: install it with rustup (https://rustup.rs), then run this again"

if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  log "starting PostgreSQL"
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start
  wait_for PostgreSQL 60 pg_isready -h 127.0.0.1 -p 5432 -q
fi
if ! redis-cli -h 127.0.0.1 ping 2>/dev/null | grep -q PONG; then
  log "starting Redis"
  as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no
  wait_for Redis 30 sh -c 'redis-cli -h 127.0.0.1 ping | grep -q PONG'
fi
if ! (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null; then
  log "starting RabbitMQ"
  as_root rabbitmq-server -detached
  wait_for RabbitMQ 120 bash -c 'exec 3<>/dev/tcp/127.0.0.1/5672'
fi

# Superuser access: trust over TCP where allowed, else peer auth as postgres.
superuser_psql() {
  if psql -h 127.0.0.1 -U postgres -d postgres -tAc 'SELECT 1' >/dev/null 2>&1; then
    psql -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 -tA "$@"
  else
    as_root runuser -u postgres -- psql -d postgres -v ON_ERROR_STOP=1 -tA "$@"
  fi
}
if [ "$(superuser_psql -c "SELECT 1 FROM pg_roles WHERE rolname = 'attain'")" != "1" ]; then
  log "creating the attain role"
  superuser_psql -c "CREATE ROLE attain LOGIN PASSWORD 'attain' CREATEDB"
fi
# A query that forgot to enter a tenant schema finds no tenant tables.
superuser_psql -c "ALTER ROLE attain SET search_path TO attain_empty" >/dev/null
if [ "$(superuser_psql -c "SELECT 1 FROM pg_database WHERE datname = 'attain'")" != "1" ]; then
  log "creating the attain database"
  superuser_psql -c "CREATE DATABASE attain OWNER attain"
fi
log "services ready: PostgreSQL, Redis, RabbitMQ"
