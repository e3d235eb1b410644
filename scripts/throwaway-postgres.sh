# shellcheck shell=bash
# A throwaway PostgreSQL cluster for test.sh and the bench scripts: Debian's server binaries,
# a fresh `initdb` under /tmp run as the postgres OS user when we are root (PostgreSQL refuses
# to run as root), a free loopback port, trust authentication, and removal at exit.
# Source it (bash only; works under `set -euo pipefail` and without -e):
#
#   . scripts/throwaway-postgres.sh
#   trap my_finish EXIT                    # the caller's own EXIT trap, if any, first
#   pg_throwaway_require [--install] || exit 1
#   pg_throwaway_start [--fast] [--tmp-prefix df-test-pg] [-c key=value ...] || exit 1
#   pg_throwaway_createdb my_db || exit 1  # optional
#   ... "$PG_THROWAWAY_CONN" / "$(pg_throwaway_conn my_db)" ...
#
# pg_throwaway_require [--install]
#     Finds initdb, pg_ctl, pg_isready and createdb (on PATH or in /usr/lib/postgresql/*/bin,
#     newest major first) and, when root, checks for the postgres OS user. With --install and
#     as root, installs Debian's `postgresql` with apt-get and creates the user when missing.
# pg_throwaway_start [--fast] [--tmp-prefix <prefix>] [-c <key>=<value>]...
#     Starts one cluster (one per shell). Durable by default (fsync, synchronous_commit and
#     full_page_writes on); --fast turns the three off. Each -c adds a postgresql.conf line.
#     Registers pg_throwaway_stop to run at exit, ahead of the caller's EXIT trap (which keeps
#     its $?): install that trap before calling this, not after. Exports:
#       PG_THROWAWAY_PORT  the TCP port on 127.0.0.1
#       PG_THROWAWAY_CONN  Npgsql connection string to database postgres as user postgres
#       PG_THROWAWAY_DIR   temporary directory (data/, sock/, postgres.log)
#       PG_THROWAWAY_LOG   the server log
#       PG_THROWAWAY_BIN   the directory holding initdb, pg_ctl, pg_isready, createdb
# pg_throwaway_conn [database]    prints the connection string to that database
# pg_throwaway_createdb <name>    creates a database in the cluster
# pg_throwaway_stop               stops the server and removes the directory (idempotent)
# pg_throwaway_apt_install <pkg>...
#     apt-get install as root (apt-get update once per run); not root: says what to install.
#
# Settings:
#   PG_THROWAWAY_PROG    prefix of error messages (default: the script's name)
#   PG_THROWAWAY_ERR_FD  file descriptor error messages go to (default 2)
#
# Functions return non-zero after printing "<prog>: ERROR: ..."; they never exit the caller.

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  echo "throwaway-postgres.sh: source this file from bash; it does nothing on its own" >&2
  exit 2
fi

PG_THROWAWAY_PROG="${PG_THROWAWAY_PROG:-$(basename "$0")}"
PG_THROWAWAY_ERR_FD="${PG_THROWAWAY_ERR_FD:-2}"
PG_THROWAWAY_BIN="${PG_THROWAWAY_BIN:-}"
PG_THROWAWAY_DIR=""
PG_THROWAWAY_LOG=""
PG_THROWAWAY_PORT=""
PG_THROWAWAY_CONN=""
_PG_TW_STARTED=0
_PG_TW_HOOKED=0
_PG_TW_PREV_EXIT_TRAP=""
_PG_TW_APT_UPDATED=0

_pg_tw_log() { printf '\n==> %s\n' "$*"; }
_pg_tw_fail() { printf '%s: ERROR: %s\n' "$PG_THROWAWAY_PROG" "$*" >&"$PG_THROWAWAY_ERR_FD"; }
_pg_tw_is_root() { [ "$(id -u)" = 0 ]; }

# Runs a command as the postgres OS user when we are root, otherwise as ourselves.
_pg_tw_as_pg() {
  if _pg_tw_is_root; then
    if command -v runuser >/dev/null 2>&1; then
      runuser -u postgres -- "$@"
    else
      su -s /bin/sh postgres -c "$(printf '%q ' "$@")"
    fi
  else
    "$@"
  fi
}

_pg_tw_has_tools() {
  [ -x "$1/initdb" ] && [ -x "$1/pg_ctl" ] && [ -x "$1/pg_isready" ] && [ -x "$1/createdb" ]
}

# Prints the directory of the server binaries: initdb's on PATH if its siblings are there,
# else the newest /usr/lib/postgresql/<major>/bin (Debian's layout).
_pg_tw_find_bin() {
  local p d
  p="$(command -v initdb 2>/dev/null || true)"
  if [ -n "$p" ]; then
    d="$(dirname "$(readlink -f "$p")")"
    if _pg_tw_has_tools "$d"; then echo "$d"; return 0; fi
  fi
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4,4 -V -r); do
    if _pg_tw_has_tools "$d"; then echo "$d"; return 0; fi
  done
  return 1
}

pg_throwaway_apt_install() {
  if ! _pg_tw_is_root; then
    _pg_tw_fail "missing $*; install it first: sudo apt-get install -y $*"
    return 1
  fi
  if [ "$_PG_TW_APT_UPDATED" = 0 ]; then
    _pg_tw_log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update </dev/null || return 1
    _PG_TW_APT_UPDATED=1
  fi
  _pg_tw_log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y "$@" </dev/null
}

pg_throwaway_require() {
  local install=0
  case "${1:-}" in
    --install) install=1 ;;
    '') ;;
    *) _pg_tw_fail "pg_throwaway_require: unknown argument: $1"; return 2 ;;
  esac

  if [ -z "$PG_THROWAWAY_BIN" ] || ! _pg_tw_has_tools "$PG_THROWAWAY_BIN"; then
    if ! PG_THROWAWAY_BIN="$(_pg_tw_find_bin)"; then
      if [ "$install" = 0 ]; then
        _pg_tw_fail "no PostgreSQL server binaries (initdb, pg_ctl) found; install postgresql (./test.sh does it when run as root)"
        return 1
      fi
      pg_throwaway_apt_install postgresql || { _pg_tw_fail "could not install PostgreSQL"; return 1; }
      PG_THROWAWAY_BIN="$(_pg_tw_find_bin)" \
        || { _pg_tw_fail "PostgreSQL installed but no initdb found in /usr/lib/postgresql/*/bin"; return 1; }
    fi
  fi
  export PG_THROWAWAY_BIN

  if _pg_tw_is_root && ! id -u postgres >/dev/null 2>&1; then
    if [ "$install" = 0 ]; then
      _pg_tw_fail "running as root needs a postgres OS user (./test.sh creates it)"
      return 1
    fi
    useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres \
      || { _pg_tw_fail "could not create the postgres OS user"; return 1; }
  fi
  return 0
}

# Ports with a listener in this network namespace (state 0A = LISTEN).
_pg_tw_listening_ports() {
  local f
  for f in /proc/net/tcp /proc/net/tcp6; do
    [ -r "$f" ] || continue
    tail -n +2 "$f" | while read -r _ local_addr _ st _; do
      [ "$st" = "0A" ] && echo $((16#${local_addr##*:}))
    done
  done
}

# A free port below the kernel's ephemeral range and away from Orleans' defaults (11111, 30000+).
_pg_tw_pick_port() {
  local used port i
  used=" $(_pg_tw_listening_ports | tr '\n' ' ') "
  for i in $(seq 1 500); do
    port=$((15000 + RANDOM % 14000))
    case "$used" in *" $port "*) continue ;; esac
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue; fi
    echo "$port"
    return 0
  done
  return 1
}

# Stops the server (immediate shutdown; kill -9 if it survives) but keeps the directory.
_pg_tw_stop_server() {
  [ -n "$PG_THROWAWAY_DIR" ] && [ -d "$PG_THROWAWAY_DIR" ] || return 0
  if [ "$_PG_TW_STARTED" = 1 ] || [ -f "$PG_THROWAWAY_DIR/data/postmaster.pid" ]; then
    _pg_tw_as_pg "$PG_THROWAWAY_BIN/pg_ctl" -D "$PG_THROWAWAY_DIR/data" stop -m immediate -w -t 30 >/dev/null 2>&1 || true
    if [ -f "$PG_THROWAWAY_DIR/data/postmaster.pid" ]; then
      local pid
      pid="$(head -n 1 "$PG_THROWAWAY_DIR/data/postmaster.pid" 2>/dev/null)"
      case "$pid" in ''|*[!0-9]*) ;; *) kill -9 "$pid" >/dev/null 2>&1 || true ;; esac
    fi
  fi
  _PG_TW_STARTED=0
}

pg_throwaway_stop() {
  _pg_tw_stop_server
  [ -n "$PG_THROWAWAY_DIR" ] && rm -rf "$PG_THROWAWAY_DIR"
  PG_THROWAWAY_DIR=""
  PG_THROWAWAY_LOG=""
  PG_THROWAWAY_PORT=""
  PG_THROWAWAY_CONN=""
  return 0
}

_pg_tw_return() { return "$1"; }

# EXIT trap: removes the cluster, then runs the caller's EXIT trap with the original $?.
_pg_tw_on_exit() {
  local rc=$?
  pg_throwaway_stop
  if [ -n "$_PG_TW_PREV_EXIT_TRAP" ]; then
    # Both branches alike: the caller's trap sees $? = rc, also under set -e.
    if _pg_tw_return "$rc"; then eval "$_PG_TW_PREV_EXIT_TRAP"; else eval "$_PG_TW_PREV_EXIT_TRAP"; fi
  fi
  return "$rc"
}

_pg_tw_register_cleanup() {
  [ "$_PG_TW_HOOKED" = 1 ] && return 0
  local prev
  prev="$(trap -p EXIT)"               # e.g.  trap -- 'finish' EXIT
  if [ -n "$prev" ]; then
    local -a words
    eval "words=( $prev )"
    _PG_TW_PREV_EXIT_TRAP="${words[2]}"
  fi
  trap _pg_tw_on_exit EXIT
  _PG_TW_HOOKED=1
}

pg_throwaway_conn() {
  printf 'Host=127.0.0.1;Port=%s;Username=postgres;Database=%s' "$PG_THROWAWAY_PORT" "${1:-postgres}"
}

pg_throwaway_start() {
  local fast=0 prefix="df-pg" settings=() kv
  while [ $# -gt 0 ]; do
    case "$1" in
      --fast) fast=1; shift ;;
      --tmp-prefix)
        [ $# -ge 2 ] || { _pg_tw_fail "pg_throwaway_start: --tmp-prefix needs a value"; return 2; }
        prefix="$2"; shift 2 ;;
      -c)
        [ $# -ge 2 ] && [[ "$2" == *=* ]] || { _pg_tw_fail "pg_throwaway_start: -c needs key=value"; return 2; }
        settings+=("$2"); shift 2 ;;
      *) _pg_tw_fail "pg_throwaway_start: unknown argument: $1"; return 2 ;;
    esac
  done
  if [ -n "$PG_THROWAWAY_DIR" ]; then
    _pg_tw_fail "pg_throwaway_start: a throwaway cluster is already running ($PG_THROWAWAY_DIR)"
    return 1
  fi
  pg_throwaway_require || return 1

  local mode durability
  if [ "$fast" = 1 ]; then
    mode="fast (fsync off, synchronous_commit off)"
    durability="fsync = off
synchronous_commit = off
full_page_writes = off"
  else
    mode="durable (fsync on, synchronous_commit on)"
    durability="fsync = on
synchronous_commit = on
full_page_writes = on"
  fi

  # Before the directory exists, so an interrupt at any point below still removes it.
  _pg_tw_register_cleanup

  _pg_tw_log "starting a throwaway PostgreSQL cluster ($PG_THROWAWAY_BIN), $mode"
  PG_THROWAWAY_DIR="$(mktemp -d "/tmp/$prefix.XXXXXX")" || { PG_THROWAWAY_DIR=""; _pg_tw_fail "mktemp failed"; return 1; }
  local dir="$PG_THROWAWAY_DIR"
  PG_THROWAWAY_LOG="$dir/postgres.log"
  mkdir -p "$dir/data" "$dir/sock"
  if _pg_tw_is_root; then chown -R postgres: "$dir"; fi
  chmod 700 "$dir" "$dir/data"

  # cd: the postgres user may not be allowed into the caller's working directory.
  if ! (cd "$dir" && _pg_tw_as_pg "$PG_THROWAWAY_BIN/initdb" -D "$dir/data" -U postgres \
          --auth-local=trust --auth-host=trust -E UTF8 --locale=C --no-sync) >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log"
    _pg_tw_fail "initdb failed"
    return 1
  fi

  {
    printf '\n# --- throwaway cluster (%s, scripts/throwaway-postgres.sh) ---\n' "$PG_THROWAWAY_PROG"
    printf "listen_addresses = '127.0.0.1'\n"
    printf "unix_socket_directories = '%s'\n" "$dir/sock"
    printf 'max_connections = 300\nshared_buffers = 128MB\n'
    printf '%s\n' "$durability"
    printf 'wal_level = minimal\nmax_wal_senders = 0\n'
    for kv in ${settings[@]+"${settings[@]}"}; do
      printf '%s = %s\n' "${kv%%=*}" "${kv#*=}"
    done
    printf 'log_min_messages = warning\n'
  } >>"$dir/data/postgresql.conf"
  if _pg_tw_is_root; then chown postgres: "$dir/data/postgresql.conf"; fi

  local attempt port=""
  for attempt in 1 2 3 4 5; do
    port="$(_pg_tw_pick_port)" || { _pg_tw_fail "no free TCP port found"; return 1; }
    if (cd "$dir" && _pg_tw_as_pg "$PG_THROWAWAY_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" \
          -o "-p $port" -w -t 60 start) >/dev/null 2>&1; then
      _PG_TW_STARTED=1
      PG_THROWAWAY_PORT="$port"
      break
    fi
    _pg_tw_stop_server
    printf 'PostgreSQL did not start on port %s (attempt %d); retrying on another port\n' "$port" "$attempt"
  done
  if [ -z "$PG_THROWAWAY_PORT" ]; then
    tail -n 30 "$dir/postgres.log" 2>/dev/null
    _pg_tw_fail "PostgreSQL did not start"
    return 1
  fi

  local ready=0 _
  for _ in $(seq 1 120); do
    if "$PG_THROWAWAY_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_THROWAWAY_PORT" -U postgres -d postgres -t 1; then
      ready=1; break
    fi
    sleep 0.5
  done
  if [ "$ready" != 1 ]; then
    tail -n 30 "$dir/postgres.log" 2>/dev/null
    _pg_tw_fail "PostgreSQL on port $PG_THROWAWAY_PORT never became ready"
    return 1
  fi

  PG_THROWAWAY_CONN="$(pg_throwaway_conn postgres)"
  export PG_THROWAWAY_PORT PG_THROWAWAY_CONN PG_THROWAWAY_DIR PG_THROWAWAY_LOG
  printf 'PostgreSQL ready on 127.0.0.1:%s (data in %s)\n' "$PG_THROWAWAY_PORT" "$dir"
  return 0
}

pg_throwaway_createdb() {
  [ -n "${1:-}" ] || { _pg_tw_fail "pg_throwaway_createdb: needs a database name"; return 2; }
  "$PG_THROWAWAY_BIN/createdb" -h 127.0.0.1 -p "$PG_THROWAWAY_PORT" -U postgres "$1" \
    || { _pg_tw_fail "createdb failed"; return 1; }
}
