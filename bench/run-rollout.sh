#!/usr/bin/env bash
# Rollout benchmark: starts a throwaway PostgreSQL cluster (durable by default: fsync and
# synchronous_commit on), builds bench/DashboardFactory.Bench in Release and rolls one feature
# release out to a fleet of cockpits through in-process silos. The cluster is removed at exit.
#
#   bench/run-rollout.sh                         # 10,000 cockpits, 1 silo, durable database
#   bench/run-rollout.sh --silos 2               # any bench argument is passed through
#   bench/run-rollout.sh --fast-db --cockpits 2000
#
# Exit status is the bench's: 0 when every cockpit was applied, non-zero otherwise.
set -uo pipefail

usage() {
  cat <<'EOF'
Usage: bench/run-rollout.sh [--fast-db] [bench arguments...]

Starts a throwaway PostgreSQL cluster on a free loopback port, builds the rollout
benchmark (Release) and runs it against a fresh database; removes the cluster at exit.

  --fast-db     fsync, synchronous_commit and full_page_writes off (test.sh's settings);
                the default keeps them on, for honest durable numbers
  --conn-options <k=v;...>   appended to the Npgsql connection string (experiments,
                e.g. "No Reset On Close=true")
  -h, --help    this text; `--bench-help` shows the benchmark's own options

Bench arguments (passed through), e.g. --cockpits 10000 (the default here), --silos 2,
--cold, --baseline-connections 16,2, --Campaigns:Window=4000.
EOF
}

FAST_DB=0
CONN_OPTIONS=""
BENCH_ARGS=()
HAVE_COCKPITS=0
while [ $# -gt 0 ]; do
  case "$1" in
    --fast-db) FAST_DB=1; shift ;;
    --conn-options)
      [ $# -ge 2 ] || { echo "run-rollout.sh: --conn-options needs a value" >&2; exit 2; }
      CONN_OPTIONS="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    --bench-help) BENCH_ARGS+=(--help); shift ;;
    --cockpits|--cockpits=*) HAVE_COCKPITS=1; BENCH_ARGS+=("$1"); shift ;;
    --postgres) echo "run-rollout.sh: --postgres is set by this script" >&2; exit 2 ;;
    *) BENCH_ARGS+=("$1"); shift ;;
  esac
done
[ "$HAVE_COCKPITS" = 1 ] || BENCH_ARGS=(--cockpits 10000 "${BENCH_ARGS[@]}")

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT" || exit 2
PROJECT=bench/DashboardFactory.Bench/DashboardFactory.Bench.csproj

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0

# Settings exported in a developer's shell must not leak into the in-process silos.
while IFS= read -r var; do
  case "$var" in
    ConnectionStrings__*|Orleans__*|Auth__*|Demo__*|Campaigns__*|Governance__*|Snapshots__*) unset "$var" ;;
  esac
done < <(compgen -e)

PG_TMP=""
PG_BIN=""
PG_STARTED=0

log() { printf '\n==> %s\n' "$*"; }
fail() { printf 'run-rollout.sh: ERROR: %s\n' "$*" >&2; }

is_root() { [ "$(id -u)" = 0 ]; }

# PostgreSQL refuses to run as root: run its tools as the postgres OS user when we are root.
as_pg() {
  if is_root; then
    if command -v runuser >/dev/null 2>&1; then
      runuser -u postgres -- "$@"
    else
      su -s /bin/sh postgres -c "$(printf '%q ' "$@")"
    fi
  else
    "$@"
  fi
}

stop_postgres() {
  [ -n "$PG_TMP" ] && [ -d "$PG_TMP" ] || return 0
  if [ "$PG_STARTED" = 1 ] || [ -f "$PG_TMP/data/postmaster.pid" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" stop -m immediate -w -t 30 >/dev/null 2>&1 || true
    if [ -f "$PG_TMP/data/postmaster.pid" ]; then
      local pid
      pid="$(head -n 1 "$PG_TMP/data/postmaster.pid" 2>/dev/null)"
      case "$pid" in ''|*[!0-9]*) ;; *) kill -9 "$pid" >/dev/null 2>&1 || true ;; esac
    fi
  fi
  PG_STARTED=0
}

finish() {
  local rc=$?
  trap - EXIT INT TERM
  stop_postgres
  [ -n "$PG_TMP" ] && rm -rf "$PG_TMP"
  exit "$rc"
}
trap finish EXIT
trap 'printf "\nrun-rollout.sh: interrupted\n"; exit 130' INT
trap 'printf "\nrun-rollout.sh: terminated\n"; exit 143' TERM

find_pg_bin() {
  local p d
  p="$(command -v initdb 2>/dev/null || true)"
  if [ -n "$p" ]; then
    d="$(dirname "$(readlink -f "$p")")"
    if [ -x "$d/pg_ctl" ] && [ -x "$d/pg_isready" ] && [ -x "$d/createdb" ]; then echo "$d"; return 0; fi
  fi
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4,4 -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/pg_isready" ] && [ -x "$d/createdb" ]; then echo "$d"; return 0; fi
  done
  return 1
}

command -v dotnet >/dev/null 2>&1 || { fail "dotnet (the .NET 10 SDK) is not on PATH"; exit 1; }
PG_BIN="$(find_pg_bin)" || { fail "no PostgreSQL server binaries (initdb, pg_ctl) found; install postgresql (./test.sh does it when run as root)"; exit 1; }
if is_root && ! id -u postgres >/dev/null 2>&1; then
  fail "running as root needs a postgres OS user (./test.sh creates it)"; exit 1
fi

# ------------------------------------------------------------------ build ---

log "dotnet build $PROJECT -c Release"
if ! dotnet build "$PROJECT" -c Release --disable-build-servers </dev/null; then
  fail "build failed"
  exit 1
fi

# ------------------------------------------------------------- PostgreSQL ---

listening_ports() {
  local f
  for f in /proc/net/tcp /proc/net/tcp6; do
    [ -r "$f" ] || continue
    tail -n +2 "$f" | while read -r _ local_addr _ st _; do
      [ "$st" = "0A" ] && echo $((16#${local_addr##*:}))
    done
  done
}

# A free port below the ephemeral range and away from Orleans' defaults (11111, 30000+).
pick_port() {
  local used port i
  used=" $(listening_ports | tr '\n' ' ') "
  for i in $(seq 1 500); do
    port=$((15000 + RANDOM % 14000))
    case "$used" in *" $port "*) continue ;; esac
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue; fi
    echo "$port"
    return 0
  done
  return 1
}

if [ "$FAST_DB" = 1 ]; then
  DURABILITY="fsync = off
synchronous_commit = off
full_page_writes = off"
  MODE="fast (fsync off, synchronous_commit off)"
else
  DURABILITY="fsync = on
synchronous_commit = on
full_page_writes = on"
  MODE="durable (fsync on, synchronous_commit on)"
fi

log "starting a throwaway PostgreSQL cluster ($PG_BIN), $MODE"
PG_TMP="$(mktemp -d /tmp/df-bench-pg.XXXXXX)" || { fail "mktemp failed"; exit 1; }
mkdir -p "$PG_TMP/data" "$PG_TMP/sock"
if is_root; then chown -R postgres: "$PG_TMP"; fi
chmod 700 "$PG_TMP" "$PG_TMP/data"

if ! (cd "$PG_TMP" && as_pg "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres \
        --auth-local=trust --auth-host=trust -E UTF8 --locale=C --no-sync) >"$PG_TMP/initdb.log" 2>&1; then
  cat "$PG_TMP/initdb.log"
  fail "initdb failed"
  exit 1
fi

cat >>"$PG_TMP/data/postgresql.conf" <<EOF

# --- throwaway benchmark cluster (bench/run-rollout.sh) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_TMP/sock'
max_connections = 300
shared_buffers = 128MB
$DURABILITY
wal_level = minimal
max_wal_senders = 0
max_wal_size = 2GB
# Evidence for the bench's report: per-statement counts and time spent writing/syncing WAL.
shared_preload_libraries = 'pg_stat_statements'
track_wal_io_timing = on
log_min_messages = warning
EOF
if is_root; then chown postgres: "$PG_TMP/data/postgresql.conf"; fi

PG_PORT=""
for attempt in 1 2 3 4 5; do
  port="$(pick_port)" || { fail "no free TCP port found"; exit 1; }
  if (cd "$PG_TMP" && as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/postgres.log" \
        -o "-p $port" -w -t 60 start) >/dev/null 2>&1; then
    PG_STARTED=1
    PG_PORT="$port"
    break
  fi
  stop_postgres
  printf 'PostgreSQL did not start on port %s (attempt %d); retrying on another port\n' "$port" "$attempt"
done
if [ -z "$PG_PORT" ]; then
  tail -n 30 "$PG_TMP/postgres.log" 2>/dev/null
  fail "PostgreSQL did not start"
  exit 1
fi

ready=0
for _ in $(seq 1 120); do
  if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -t 1; then ready=1; break; fi
  sleep 0.5
done
[ "$ready" = 1 ] || { tail -n 30 "$PG_TMP/postgres.log" 2>/dev/null; fail "PostgreSQL on port $PG_PORT never became ready"; exit 1; }

"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres df_bench || { fail "createdb failed"; exit 1; }
CONN="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=df_bench"
[ -n "$CONN_OPTIONS" ] && CONN="$CONN;${CONN_OPTIONS#;}"
printf 'PostgreSQL ready on 127.0.0.1:%s (data in %s)\n' "$PG_PORT" "$PG_TMP"

# ------------------------------------------------------------------- run ---

log "uptime before: $(uptime)"
log "DashboardFactory.Bench ${BENCH_ARGS[*]}"
dotnet "bench/DashboardFactory.Bench/bin/Release/net10.0/DashboardFactory.Bench.dll" --postgres "$CONN" "${BENCH_ARGS[@]}" </dev/null
rc=$?
log "uptime after: $(uptime)"
if grep -qE 'FATAL|PANIC' "$PG_TMP/postgres.log" 2>/dev/null; then
  printf 'PostgreSQL log (last lines):\n'; tail -n 20 "$PG_TMP/postgres.log"
fi
exit "$rc"
