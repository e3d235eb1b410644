#!/usr/bin/env bash
# Rollout benchmark: starts a throwaway PostgreSQL cluster (scripts/throwaway-postgres.sh; durable by
# default: fsync and synchronous_commit on), builds bench/DashboardFactory.Bench in Release and rolls one
# feature release out to a fleet of cockpits through in-process silos. The cluster is removed at exit.
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

log() { printf '\n==> %s\n' "$*"; }
fail() { printf 'run-rollout.sh: ERROR: %s\n' "$*" >&2; }

# pg_throwaway_start registers the cluster's removal at exit; these make Ctrl-C and kill exit through it.
trap 'printf "\nrun-rollout.sh: interrupted\n"; exit 130' INT
trap 'printf "\nrun-rollout.sh: terminated\n"; exit 143' TERM

PG_THROWAWAY_PROG=run-rollout.sh
. "$REPO_ROOT/scripts/throwaway-postgres.sh" || { fail "could not load scripts/throwaway-postgres.sh"; exit 1; }

command -v dotnet >/dev/null 2>&1 || { fail "dotnet (the .NET 10 SDK) is not on PATH"; exit 1; }
# No apt-get here: a missing postgresql or postgres OS user is an error (./test.sh installs both).
pg_throwaway_require || exit 1

# ------------------------------------------------------------------ build ---

log "dotnet build $PROJECT -c Release"
if ! dotnet build "$PROJECT" -c Release --disable-build-servers </dev/null; then
  fail "build failed"
  exit 1
fi

# ------------------------------------------------------------- PostgreSQL ---

# Durable unless --fast-db; pg_stat_statements and WAL I/O timing are evidence for the bench's report.
PG_MODE=()
[ "$FAST_DB" = 1 ] && PG_MODE=(--fast)
pg_throwaway_start ${PG_MODE[@]+"${PG_MODE[@]}"} --tmp-prefix df-bench-pg \
  -c max_wal_size=2GB \
  -c "shared_preload_libraries='pg_stat_statements'" \
  -c track_wal_io_timing=on \
  || exit 1

pg_throwaway_createdb df_bench || exit 1
CONN="$(pg_throwaway_conn df_bench)"
[ -n "$CONN_OPTIONS" ] && CONN="$CONN;${CONN_OPTIONS#;}"

# ------------------------------------------------------------------- run ---

log "uptime before: $(uptime)"
log "DashboardFactory.Bench ${BENCH_ARGS[*]}"
dotnet "bench/DashboardFactory.Bench/bin/Release/net10.0/DashboardFactory.Bench.dll" --postgres "$CONN" "${BENCH_ARGS[@]}" </dev/null
rc=$?
log "uptime after: $(uptime)"
if grep -qE 'FATAL|PANIC' "$PG_THROWAWAY_LOG" 2>/dev/null; then
  printf 'PostgreSQL log (last lines):\n'; tail -n 20 "$PG_THROWAWAY_LOG"
fi
exit "$rc"
