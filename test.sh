#!/usr/bin/env bash
# Runs every test of Dashboard Factory: builds the solution once, starts a
# throwaway PostgreSQL cluster on a free loopback port, runs each test project
# and ends with the line "N passed, N failed" (", N skipped" when any skipped).
#
#   ./test.sh                      # everything
#   ./test.sh --filter <expr>      # dotnet test filter, e.g. FullyQualifiedName~Users
#
# Exit status is 0 only when the build succeeded, at least one test passed and
# none failed or was skipped. Tests reach the cluster through DF_TEST_POSTGRES.
set -uo pipefail

usage() {
  cat <<'EOF'
Usage: ./test.sh [--filter <expression>]

Builds DashboardFactory.sln (Release), starts a throwaway PostgreSQL cluster,
runs every test project under tests/ and prints "N passed, N failed" last.

  --filter <expression>   passed to `dotnet test --filter` for every project
  -h, --help              show this help
EOF
}

FILTER=""
while [ $# -gt 0 ]; do
  case "$1" in
    --filter)
      if [ $# -lt 2 ] || [ -z "$2" ]; then echo "test.sh: --filter needs an expression" >&2; usage >&2; exit 2; fi
      FILTER="$2"; shift 2 ;;
    --filter=*) FILTER="${1#--filter=}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "test.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$REPO_ROOT" || exit 2

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Keep MSBuild from leaving worker nodes behind after the run.
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0

# Tests configure the app themselves; settings exported in a developer's shell
# (e.g. cluster mode) must not leak into them.
while IFS= read -r var; do
  case "$var" in
    ConnectionStrings__*|Orleans__*|Auth__*|Demo__*) unset "$var" ;;
  esac
done < <(compgen -e)

PASSED=0
FAILED=0
SKIPPED=0
RESULTS_DIR=""

log() { printf '\n==> %s\n' "$*"; }
fail() { printf 'test.sh: ERROR: %s\n' "$*"; }

# ---------------------------------------------------------------- cleanup ---

# The throwaway PostgreSQL cluster is stopped and removed just before this runs
# (pg_throwaway_start chains its cleanup in front of this EXIT trap).
finish() {
  local rc=$?
  trap - EXIT INT TERM
  [ -n "$RESULTS_DIR" ] && rm -rf "$RESULTS_DIR"

  if [ "$FAILED" -eq 0 ] && [ "$rc" -ne 0 ]; then
    FAILED=1   # aborted before or between projects (Ctrl-C, unexpected error)
  fi
  if [ "$FAILED" -eq 0 ] && [ "$PASSED" -eq 0 ]; then
    printf 'test.sh: no test passed; a run that executes no test is a failure.\n'
    rc=1
  fi
  if [ "$SKIPPED" -gt 0 ]; then
    printf 'test.sh: %d test(s) skipped; skipped tests fail the run.\n' "$SKIPPED"
  fi
  if [ "$FAILED" -gt 0 ] || [ "$SKIPPED" -gt 0 ]; then
    [ "$rc" -eq 0 ] && rc=1
  fi
  if [ "$SKIPPED" -gt 0 ]; then
    printf '%d passed, %d failed, %d skipped\n' "$PASSED" "$FAILED" "$SKIPPED"
  else
    printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
  fi
  exit "$rc"
}
trap finish EXIT
trap 'printf "\ntest.sh: interrupted\n"; exit 130' INT
trap 'printf "\ntest.sh: terminated\n"; exit 143' TERM

# ---------------------------------------------------------- prerequisites ---

# pg_throwaway_* (the throwaway cluster) and pg_throwaway_apt_install; errors
# go to stdout like the rest of this script's messages.
PG_THROWAWAY_PROG=test.sh PG_THROWAWAY_ERR_FD=1
if ! . "$REPO_ROOT/scripts/throwaway-postgres.sh"; then
  fail "could not load scripts/throwaway-postgres.sh"
  exit 1
fi

if ! command -v dotnet >/dev/null 2>&1; then
  fail "dotnet (the .NET 10 SDK) is not on PATH"
  exit 1
fi

# Installs Debian's postgresql when missing (as root) and creates the postgres
# OS user that runs the cluster when we are root.
pg_throwaway_require --install || exit 1

if ! command -v git >/dev/null 2>&1; then
  pg_throwaway_apt_install git || { fail "could not install git (tests use git merge-file)"; exit 1; }
fi

# The API's build bundles its browser pages with Node.js and npm (src/Api/ClientApp).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  pg_throwaway_apt_install nodejs npm || { fail "could not install nodejs and npm (the build bundles the browser pages)"; exit 1; }
fi

# Page tests load rendered cockpits in a real headless browser; they fail (not skip) without one.
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  pg_throwaway_apt_install chromium || { fail "could not install chromium (page tests need a real browser)"; exit 1; }
fi

# ------------------------------------------------------------------ build ---

log "dotnet build DashboardFactory.sln -c Release"
if ! dotnet build DashboardFactory.sln -c Release --disable-build-servers </dev/null; then
  fail "BUILD FAILED: dotnet build DashboardFactory.sln -c Release exited non-zero; no tests were run."
  FAILED=1
  exit 1
fi

# ------------------------------------------------------------- PostgreSQL ---

# fsync, synchronous_commit and full_page_writes off: the data is thrown away.
pg_throwaway_start --fast --tmp-prefix df-test-pg || exit 1
export DF_TEST_POSTGRES="$PG_THROWAWAY_CONN"
printf 'DF_TEST_POSTGRES=%s\n' "$DF_TEST_POSTGRES"

# ------------------------------------------------------------------ tests ---

# Value of a numeric attribute of the first <Counters .../> element of a TRX file.
trx_counter() {
  local counters
  counters="$(grep -o '<Counters [^>]*>' "$1" | head -n 1)"
  sed -n "s/.* $2=\"\([0-9]*\)\".*/\1/p" <<<"$counters" | head -n 1 | grep . || echo 0
}

TEST_PROJECTS=()
for proj in tests/*/*.csproj; do
  [ -f "$proj" ] || continue
  if grep -qE 'Microsoft\.NET\.Test\.Sdk|<IsTestProject>[[:space:]]*true' "$proj"; then
    TEST_PROJECTS+=("$proj")
  fi
done
if [ "${#TEST_PROJECTS[@]}" -eq 0 ]; then
  fail "no test projects found under tests/"
  FAILED=1
  exit 1
fi

# A test that runs longer than this is treated as hung: its test host is killed
# and the run counts as failed (CI stops everything after 90 minutes).
HANG_TIMEOUT="${DF_TEST_HANG_TIMEOUT:-10m}"
RESULTS_DIR="$(mktemp -d "${TMPDIR:-/tmp}/df-test-results.XXXXXX")" || { fail "mktemp failed"; exit 1; }
REPORT=()

for proj in "${TEST_PROJECTS[@]}"; do
  name="$(basename "$proj" .csproj)"
  out="$RESULTS_DIR/$name"
  args=(test "$proj" --no-build -c Release --results-directory "$out"
        --logger "trx;LogFileName=$name.trx"
        --blame-hang-timeout "$HANG_TIMEOUT" --blame-hang-dump-type none)
  [ -n "$FILTER" ] && args+=(--filter "$FILTER")

  log "dotnet ${args[*]}"
  dotnet "${args[@]}" </dev/null
  rc=$?

  trx_files=()
  while IFS= read -r f; do trx_files+=("$f"); done < <(find "$out" -name '*.trx' -type f 2>/dev/null)
  if [ "${#trx_files[@]}" -eq 0 ]; then
    FAILED=$((FAILED + 1))
    REPORT+=("$name: no TRX written (test host crashed?), dotnet test exit $rc -> counted as 1 failure")
    continue
  fi

  p=0; f=0; s=0; total=0
  for trx in "${trx_files[@]}"; do
    total=$((total + $(trx_counter "$trx" total)))
    p=$((p + $(trx_counter "$trx" passed)))
    f=$((f + $(trx_counter "$trx" failed) + $(trx_counter "$trx" error) \
           + $(trx_counter "$trx" timeout) + $(trx_counter "$trx" aborted)))
    # xunit's skipped tests show up as UnitTestResult outcome="NotExecuted"
    # while the notExecuted counter can stay 0: take the larger of the two.
    sc=$(($(trx_counter "$trx" notExecuted) + $(trx_counter "$trx" inconclusive)))
    sr=$(grep -oE '<UnitTestResult [^>]*outcome="(NotExecuted|Inconclusive)"' "$trx" | wc -l)
    s=$((s + (sc > sr ? sc : sr)))
  done
  note=""
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    f=1
    note=" (dotnet test exited $rc with no failed test recorded: run aborted or hung -> counted as 1 failure)"
  elif [ "$total" -eq 0 ] && [ -z "$FILTER" ]; then
    f=1
    note=" (the project ran no test -> counted as 1 failure)"
  fi
  PASSED=$((PASSED + p)); FAILED=$((FAILED + f)); SKIPPED=$((SKIPPED + s))
  REPORT+=("$name: passed=$p failed=$f skipped=$s$note")
done

log "results"
for line in "${REPORT[@]}"; do printf '  %s\n' "$line"; done

# The EXIT trap stops PostgreSQL and removes its directory, then finish()
# removes the results directory and prints the summary line last.
exit 0
