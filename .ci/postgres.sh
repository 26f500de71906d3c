#!/usr/bin/env bash
# A throwaway PostgreSQL server on 127.0.0.1 for the store tests.
#
#   eval "$(bash .ci/postgres.sh start)"   # prints the export lines below; everything else goes to stderr
#   trap 'bash .ci/postgres.sh stop' EXIT  # stops the server and removes its folder
#
# start: installs Debian's postgresql if no server binaries are found (apt-get update first), makes a
# cluster in a new temp folder (as the postgres user when run as root: initdb refuses root), starts it
# on a free loopback port with trust auth and no Unix socket outside that folder, creates database
# osa_test, and prints
#   export OSA_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:PORT/osa_test
#   export OSA_TEST_POSTGRES_DIR=/tmp/osa-pg.XXXXXX
# stop [DIR]: stops the server in DIR (default $OSA_TEST_POSTGRES_DIR) and removes DIR.
set -euo pipefail

log() { echo "postgres.sh: $*" >&2; }

pg_bin_dir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/postgres" ]]; then
        echo "$dir"
    fi
}

install_server() {
    if [[ $(id -u) -ne 0 ]]; then
        log "no PostgreSQL server found and not root: install Debian's 'postgresql' package first"
        exit 1
    fi
    log "installing Debian's postgresql package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update >&2
    apt-get install -y --no-install-recommends postgresql >&2
}

# Run a command as the cluster's owner: the postgres user when we are root, else ourselves.
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
    local bin dir port
    bin=$(pg_bin_dir)
    if [[ -z "$bin" ]]; then
        install_server
        bin=$(pg_bin_dir)
        [[ -n "$bin" ]] || { log "postgresql installed but no server binaries found"; exit 1; }
    fi
    dir=$(mktemp -d /tmp/osa-pg.XXXXXX)
    chmod 755 "$dir"
    if [[ $(id -u) -eq 0 ]]; then
        id postgres >/dev/null 2>&1 || { log "no 'postgres' user to run the server as"; exit 1; }
        chown postgres: "$dir"
    fi
    # If anything below fails, take the half-made server down with us.
    trap 'stop "'"$dir"'" || true' ERR
    log "initdb in $dir/data ($bin)"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 \
        --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; false; }
    port=$(free_port)
    log "starting on 127.0.0.1:$port"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off" \
        start >&2 || { cat "$dir/server.log" >&2; false; }
    as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
        -c "CREATE DATABASE osa_test" >&2
    trap - ERR
    echo "export OSA_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:$port/osa_test"
    echo "export OSA_TEST_POSTGRES_DIR=$dir"
}

stop() {
    local dir=${1:-${OSA_TEST_POSTGRES_DIR:-}} bin
    if [[ -z "$dir" || ! -d "$dir" ]]; then
        log "stop: no server folder given (argument or OSA_TEST_POSTGRES_DIR)"
        return 0
    fi
    case "$dir" in /tmp/osa-pg.*) ;; *) log "stop: refusing to remove $dir"; return 1 ;; esac
    bin=$(pg_bin_dir)
    if [[ -n "$bin" && -f "$dir/data/postmaster.pid" ]]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >&2 || true
    fi
    rm -rf "$dir"
    log "stopped and removed $dir"
}

case "${1:-start}" in
    start) start ;;
    stop) stop "${2:-}" ;;
    *) log "usage: $0 start | stop [DIR]"; exit 2 ;;
esac
