#!/usr/bin/env bash
# Push-latency benchmark (bench latency): builds the API, the silo and the bench in Release and runs
# `DashboardFactory.Bench latency`. With --api-nodes 2 it first starts a throwaway PostgreSQL cluster
# (scripts/throwaway-postgres.sh, fast settings: the database only holds membership and KPI points here)
# for the two silos and two client-mode API nodes; the cluster is removed at exit.
#
#   bench/run-latency.sh                                   # 1, 100 and 1,000 clients, one API node (embedded)
#   bench/run-latency.sh --clients 1,100 --points 50       # any bench argument is passed through
#   bench/run-latency.sh --api-nodes 2                     # two API nodes on two silos, clients split
#
# Exit status is the bench's: 0 when every target was met and no point was lost.
set -uo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT" || exit 2
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0

NODES=1
for ((i = 1; i <= $#; i++)); do
  case "${!i}" in
    -h|--help) exec dotnet bench/DashboardFactory.Bench/bin/Release/net10.0/DashboardFactory.Bench.dll latency --help ;;
    --api-nodes) j=$((i + 1)); NODES="${!j:-1}" ;;
    --postgres) echo "run-latency.sh: --postgres is set by this script" >&2; exit 2 ;;
  esac
done

log() { printf '\n==> %s\n' "$*"; }
fail() { printf 'run-latency.sh: ERROR: %s\n' "$*" >&2; }
trap 'printf "\nrun-latency.sh: interrupted\n"; exit 130' INT
trap 'printf "\nrun-latency.sh: terminated\n"; exit 143' TERM

for project in src/Api src/Silo bench/DashboardFactory.Bench; do
  log "dotnet build $project -c Release"
  dotnet build "$project" -c Release --disable-build-servers </dev/null || { fail "build of $project failed"; exit 1; }
done

ARGS=("$@")
if [ "$NODES" = 2 ]; then
  PG_THROWAWAY_PROG=run-latency.sh
  . "$REPO_ROOT/scripts/throwaway-postgres.sh" || { fail "could not load scripts/throwaway-postgres.sh"; exit 1; }
  pg_throwaway_require || exit 1
  pg_throwaway_start --fast --tmp-prefix df-latency-pg || exit 1
  pg_throwaway_createdb df_latency || exit 1
  ARGS+=(--postgres "$(pg_throwaway_conn df_latency)")
fi

log "uptime before: $(uptime)"
dotnet bench/DashboardFactory.Bench/bin/Release/net10.0/DashboardFactory.Bench.dll latency "${ARGS[@]}" </dev/null
rc=$?
log "uptime after: $(uptime)"
exit "$rc"
