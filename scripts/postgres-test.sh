#!/usr/bin/env bash
# Throwaway PostgreSQL server for the test suite.
#
# Usage:
#   scripts/postgres-test.sh start [DIR]   # prints exactly one line on stdout: the URL
#   scripts/postgres-test.sh stop          # stops the server and removes its data
#
#   URL=$(scripts/postgres-test.sh start)  # postgresql://postgres@127.0.0.1:PORT/register_test
#
# `start` creates a fresh cluster in DIR (default: ./.pgtest) with trust auth,
# listening only on 127.0.0.1 on the first free port from 55432 upward, with
# durability switched off for speed (PGTEST_DUURZAAM=1 keeps fsync and synchronous_commit
# on, as in production: for the write benchmark; start it from another directory so that
# it gets its own state file). The state (data dir, port, URL) is kept in
# ./.pgtest.env (current directory), which `stop` reads; the file can also be
# sourced (it exports PGTEST_URL). Run `stop` from the same directory as `start`.
# A second `start` while the server still runs just prints its URL again.
#
# If no PostgreSQL server binaries are found, root installs them with apt-get
# (postgresql-15, else postgresql); anybody else gets an explanation and exit code 3.
#
# All progress messages go to stderr; stdout carries only the URL.
set -euo pipefail

# Keep stdout clean: everything goes to stderr, only the URL is written to fd 3.
exec 3>&1 1>&2

readonly PG_MAJOR_WANTED=15
readonly DB_NAME=register_test
readonly DB_USER=postgres
readonly FIRST_PORT=55432
readonly LAST_PORT=55631
readonly READY_TIMEOUT=30
readonly STATE_FILE="$PWD/.pgtest.env"
readonly EXIT_NO_POSTGRES=3

log() { printf 'postgres-test: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
    cat >&2 <<'EOF'
usage: postgres-test.sh start [DIR]   start a throwaway PostgreSQL server (default DIR: ./.pgtest)
                                      and print its URL on stdout
       postgres-test.sh stop          stop it and remove its data directory
EOF
}

# --------------------------------------------------------------------------
# Locating (and if need be installing) the server binaries

BINDIR=""

find_bindir() {
    local d candidates=()
    # Preferred: the wanted major version, then the newest other one.
    if [[ -x /usr/lib/postgresql/$PG_MAJOR_WANTED/bin/pg_ctl ]]; then
        candidates+=("/usr/lib/postgresql/$PG_MAJOR_WANTED/bin")
    fi
    while IFS= read -r d; do
        [[ -n $d ]] && candidates+=("$d")
    done < <(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5 -V -r || true)
    # Then whatever pg_ctl is on PATH (resolving symlinks to its real directory).
    if command -v pg_ctl >/dev/null 2>&1; then
        local p
        p=$(command -v pg_ctl)
        candidates+=("$(dirname "$(readlink -f "$p" 2>/dev/null || echo "$p")")" "$(dirname "$p")")
    fi
    for d in "${candidates[@]+"${candidates[@]}"}"; do
        if [[ -x $d/pg_ctl && -x $d/initdb && -x $d/postgres ]]; then
            BINDIR=$d
            return 0
        fi
    done
    return 1
}

install_postgres() {
    if ! command -v apt-get >/dev/null 2>&1; then
        log "PostgreSQL server binaries (pg_ctl, initdb, postgres) were not found and this"
        log "system has no apt-get to install them. Install PostgreSQL $PG_MAJOR_WANTED server"
        log "binaries yourself; until then the PostgreSQL tests cannot run."
        exit "$EXIT_NO_POSTGRES"
    fi
    log "PostgreSQL server binaries not found; installing them with apt-get (this takes a while)"
    if ! apt-get update -qq; then
        log "apt-get update failed; the PostgreSQL tests cannot run."
        exit "$EXIT_NO_POSTGRES"
    fi
    local pkg
    for pkg in "postgresql-$PG_MAJOR_WANTED" postgresql; do
        if apt-cache show "$pkg" >/dev/null 2>&1; then
            log "installing $pkg"
            if DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg"; then
                return 0
            fi
            log "installing $pkg failed"
        else
            log "package $pkg is not available"
        fi
    done
    log "could not install PostgreSQL with apt-get; the PostgreSQL tests cannot run."
    exit "$EXIT_NO_POSTGRES"
}

ensure_binaries() {
    if find_bindir; then
        return 0
    fi
    if [[ $(id -u) -ne 0 ]]; then
        log "PostgreSQL server binaries (pg_ctl, initdb, postgres) were not found, neither under"
        log "/usr/lib/postgresql/*/bin nor on PATH, and installing them needs root."
        log "Install them first, e.g.: sudo apt-get install postgresql-$PG_MAJOR_WANTED"
        log "Until then the PostgreSQL tests cannot run."
        exit "$EXIT_NO_POSTGRES"
    fi
    install_postgres
    find_bindir || {
        log "PostgreSQL was installed but no pg_ctl/initdb/postgres were found; the PostgreSQL tests cannot run."
        exit "$EXIT_NO_POSTGRES"
    }
}

# --------------------------------------------------------------------------
# Running server commands as the right user (pg_ctl/initdb refuse to run as root)

RUNAS=""

ensure_runas_user() {
    if [[ $(id -u) -ne 0 ]]; then
        RUNAS=""
        return 0
    fi
    RUNAS=postgres
    if ! id -u "$RUNAS" >/dev/null 2>&1; then
        log "creating system user $RUNAS"
        useradd -r -M -d /nonexistent -s /usr/sbin/nologin "$RUNAS" 2>/dev/null \
            || useradd -r -M "$RUNAS"
    fi
}

# run_pg CMD ARGS...: run as $RUNAS (if set), from a directory it can enter.
# (Callers must redirect its stdout; our fd 1 already points at stderr.)
run_pg() {
    # fd 3 is our real stdout: a server that inherited it would keep a caller's
    # $(postgres-test.sh start) waiting until the server exits, so close it.
    if [[ -z $RUNAS ]]; then
        "$@" 3>&- </dev/null
    elif command -v runuser >/dev/null 2>&1; then
        (cd / && runuser -u "$RUNAS" -- "$@") 3>&- </dev/null
    else
        local cmd
        cmd=$(printf '%q ' "$@")
        (cd / && su -s /bin/bash "$RUNAS" -c "$cmd") 3>&- </dev/null
    fi
}

# Can $RUNAS create things in directory $1 (i.e. reach it)? Trivially true without RUNAS.
runas_can_reach() {
    [[ -z $RUNAS ]] && return 0
    run_pg test -x "$1"
}

# --------------------------------------------------------------------------
# State file

PGTEST_BASE="" PGTEST_DATA="" PGTEST_PORT="" PGTEST_BINDIR="" PGTEST_RUNAS="" PGTEST_URL=""

write_state() {
    local tmp="$STATE_FILE.tmp.$$"
    {
        echo "# written by scripts/postgres-test.sh; removed by 'scripts/postgres-test.sh stop'"
        printf 'export PGTEST_BASE=%q\n' "$PGTEST_BASE"
        printf 'export PGTEST_DATA=%q\n' "$PGTEST_DATA"
        printf 'export PGTEST_PORT=%q\n' "$PGTEST_PORT"
        printf 'export PGTEST_BINDIR=%q\n' "$PGTEST_BINDIR"
        printf 'export PGTEST_RUNAS=%q\n' "$PGTEST_RUNAS"
        printf 'export PGTEST_URL=%q\n' "$PGTEST_URL"
    } >"$tmp"
    mv -f "$tmp" "$STATE_FILE"
}

load_state() {
    [[ -f $STATE_FILE ]] || return 1
    # shellcheck disable=SC1090
    source "$STATE_FILE"
    [[ -n $PGTEST_DATA && -n $PGTEST_PORT ]]
}

postmaster_pid() {
    local pidfile="$PGTEST_DATA/postmaster.pid" pid
    [[ -r $pidfile ]] || return 1
    read -r pid <"$pidfile" || return 1
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    echo "$pid"
}

port_in_use() {
    (: <>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

server_ready() {
    local port=$1
    if [[ -n $BINDIR && -x $BINDIR/pg_isready ]]; then
        "$BINDIR/pg_isready" -q -h 127.0.0.1 -p "$port" -U "$DB_USER" -d postgres
    elif command -v pg_isready >/dev/null 2>&1; then
        pg_isready -q -h 127.0.0.1 -p "$port" -U "$DB_USER" -d postgres
    else
        port_in_use "$port"
    fi
}

# --------------------------------------------------------------------------
# stop

do_stop() {
    load_state || { rm -f "$STATE_FILE"; return 0; }
    BINDIR=$PGTEST_BINDIR
    RUNAS=$PGTEST_RUNAS
    local pid
    if pid=$(postmaster_pid); then
        log "stopping PostgreSQL on port $PGTEST_PORT (pid $pid)"
        if ! { [[ -x $BINDIR/pg_ctl ]] && run_pg "$BINDIR/pg_ctl" stop -s -m immediate -D "$PGTEST_DATA" >&2; }; then
            kill -QUIT "$pid" 2>/dev/null || true
        fi
        local i
        for ((i = 0; i < 50; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            kill -KILL "$pid" 2>/dev/null || true
            sleep 0.2
        fi
        kill -0 "$pid" 2>/dev/null && die "could not stop the PostgreSQL server (pid $pid)"
    fi
    rm -rf "$PGTEST_DATA"
    if [[ -n $PGTEST_BASE ]]; then
        rm -rf "$PGTEST_BASE/run"
        rmdir "$PGTEST_BASE" 2>/dev/null || true
    fi
    rm -f "$STATE_FILE"
}

# --------------------------------------------------------------------------
# start

conf_quote() { printf "'%s'" "${1//\'/\'\'}"; }

# prepare_base DIR: create DIR and make sure the server user can use it; prints the
# directory to use (DIR itself, or a fresh one under /tmp).
prepare_base() {
    local dir=$1
    [[ $dir == /* ]] || dir="$PWD/$dir"
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd -P)
    local reason=""
    if ! runas_can_reach "$dir"; then
        reason="user $RUNAS cannot reach $dir"
    elif ((${#dir} > 80)); then
        # unix socket paths are limited to ~107 bytes
        reason="$dir is too long for a unix socket path"
    fi
    if [[ -n $reason ]]; then
        rmdir "$dir" 2>/dev/null || true
        dir=$(mktemp -d /tmp/pgtest.XXXXXX)
        chmod 755 "$dir"
        log "$reason; using $dir instead"
    fi
    echo "$dir"
}

do_start() {
    local started=$SECONDS

    if load_state; then
        BINDIR=$PGTEST_BINDIR
        if postmaster_pid >/dev/null && server_ready "$PGTEST_PORT"; then
            log "PostgreSQL from a previous start is still running on port $PGTEST_PORT"
            echo "$PGTEST_URL" >&3
            return 0
        fi
        log "cleaning up a stale test server from a previous start"
        do_stop
    fi

    ensure_binaries
    ensure_runas_user
    log "using PostgreSQL binaries in $BINDIR ($("$BINDIR/postgres" --version 2>/dev/null || echo 'unknown version'))"

    local base
    base=$(prepare_base "${1:-.pgtest}")
    local data="$base/data" run="$base/run"

    if [[ -e $data ]]; then
        [[ -f $data/PG_VERSION ]] || die "$data exists and is not a PostgreSQL data directory; refusing to touch it"
        log "removing an old data directory $data"
        if [[ -f $data/postmaster.pid ]]; then
            run_pg "$BINDIR/pg_ctl" stop -s -m immediate -D "$data" >/dev/null 2>&1 || true
        fi
        rm -rf "$data"
    fi
    rm -rf "$run"
    mkdir -m 700 "$data"
    mkdir -m 755 "$run"
    if [[ -n $RUNAS ]]; then
        chown "$RUNAS:" "$data" "$run"
    fi

    PGTEST_BASE=$base PGTEST_DATA=$data PGTEST_BINDIR=$BINDIR PGTEST_RUNAS=$RUNAS PGTEST_PORT=""
    PGTEST_URL=""
    # Record the state now, so that `stop` can clean up even if we fail half-way.
    write_state

    log "initdb in $data"
    if ! run_pg "$BINDIR/initdb" -D "$data" -U "$DB_USER" -A trust -E UTF8 --locale=C --no-sync \
        >"$run/initdb.log" 2>&1; then
        cat "$run/initdb.log" >&2
        die "initdb failed"
    fi

    {
        echo
        echo "# --- added by scripts/postgres-test.sh: throwaway test server ---"
        echo "listen_addresses = '127.0.0.1'"
        echo "unix_socket_directories = $(conf_quote "$run")"
        echo "max_connections = 200"
        if [[ ${PGTEST_DUURZAAM:-} != 1 ]]; then
            echo "fsync = off"
            echo "synchronous_commit = off"
            echo "full_page_writes = off"
        fi
    } >>"$data/postgresql.conf"

    local port=$FIRST_PORT ok=""
    while ((port <= LAST_PORT)); do
        if port_in_use "$port"; then
            port=$((port + 1))
            continue
        fi
        echo "port = $port" >>"$data/postgresql.conf"
        PGTEST_PORT=$port
        write_state
        log "starting PostgreSQL on 127.0.0.1:$port"
        if run_pg "$BINDIR/pg_ctl" start -s -w -t "$READY_TIMEOUT" -D "$data" -l "$run/postgres.log" >&2; then
            ok=1
            break
        fi
        if grep -qi 'address already in use' "$run/postgres.log" 2>/dev/null; then
            log "port $port was taken meanwhile; trying the next one"
            run_pg "$BINDIR/pg_ctl" stop -s -m immediate -D "$data" >/dev/null 2>&1 || true
            port=$((port + 1))
            continue
        fi
        tail -n 30 "$run/postgres.log" >&2 || true
        die "pg_ctl start failed (log: $run/postgres.log)"
    done
    [[ -n $ok ]] || die "no free port in $FIRST_PORT-$LAST_PORT"

    local deadline=$((SECONDS + READY_TIMEOUT))
    until server_ready "$port"; do
        if ((SECONDS >= deadline)); then
            tail -n 30 "$run/postgres.log" >&2 || true
            die "server did not become ready within ${READY_TIMEOUT}s"
        fi
        sleep 0.2
    done

    if [[ -x $BINDIR/createdb ]]; then
        "$BINDIR/createdb" -h 127.0.0.1 -p "$port" -U "$DB_USER" -O "$DB_USER" "$DB_NAME"
    elif [[ -x $BINDIR/psql ]]; then
        "$BINDIR/psql" -q -h 127.0.0.1 -p "$port" -U "$DB_USER" -d postgres \
            -c "CREATE DATABASE $DB_NAME OWNER $DB_USER"
    else
        psql -q -h 127.0.0.1 -p "$port" -U "$DB_USER" -d postgres \
            -c "CREATE DATABASE $DB_NAME OWNER $DB_USER"
    fi

    PGTEST_URL="postgresql://$DB_USER@127.0.0.1:$port/$DB_NAME"
    write_state
    log "ready in $((SECONDS - started))s; state in $STATE_FILE"
    echo "$PGTEST_URL" >&3
}

# --------------------------------------------------------------------------

case "${1:-}" in
    start)
        shift
        (($# <= 1)) || { usage; exit 2; }
        do_start "$@"
        ;;
    stop)
        shift
        (($# == 0)) || { usage; exit 2; }
        do_stop
        ;;
    -h | --help | help)
        usage
        ;;
    *)
        usage
        exit 2
        ;;
esac
