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
PG_TMP=""
PG_BIN=""
PG_STARTED=0
RESULTS_DIR=""

log() { printf '\n==> %s\n' "$*"; }
fail() { printf 'test.sh: ERROR: %s\n' "$*"; }

# ---------------------------------------------------------------- cleanup ---

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

is_root() { [ "$(id -u)" = 0 ]; }

# Runs a command as the postgres OS user when we are root (PostgreSQL refuses
# to run as root), otherwise as ourselves.
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

find_pg_bin() {
  local p d
  p="$(command -v initdb 2>/dev/null || true)"
  if [ -n "$p" ]; then
    d="$(dirname "$(readlink -f "$p")")"
    if [ -x "$d/pg_ctl" ] && [ -x "$d/pg_isready" ]; then echo "$d"; return 0; fi
  fi
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4,4 -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/pg_isready" ]; then echo "$d"; return 0; fi
  done
  return 1
}

APT_UPDATED=0
apt_install() {
  if ! is_root; then
    fail "missing $*; install it first: sudo apt-get install -y $*"
    return 1
  fi
  if [ "$APT_UPDATED" = 0 ]; then
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update </dev/null || return 1
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y "$@" </dev/null
}

if ! command -v dotnet >/dev/null 2>&1; then
  fail "dotnet (the .NET 10 SDK) is not on PATH"
  exit 1
fi

if ! PG_BIN="$(find_pg_bin)"; then
  apt_install postgresql || { fail "could not install PostgreSQL"; exit 1; }
  PG_BIN="$(find_pg_bin)" || { fail "PostgreSQL installed but no initdb found in /usr/lib/postgresql/*/bin"; exit 1; }
fi

if ! command -v git >/dev/null 2>&1; then
  apt_install git || { fail "could not install git (tests use git merge-file)"; exit 1; }
fi

# Page tests load rendered cockpits in a real headless browser; they fail (not skip) without one.
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  apt_install chromium || { fail "could not install chromium (page tests need a real browser)"; exit 1; }
fi

if is_root && ! id -u postgres >/dev/null 2>&1; then
  useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres \
    || { fail "could not create the postgres OS user"; exit 1; }
fi

# ------------------------------------------------------------------ build ---

log "dotnet build DashboardFactory.sln -c Release"
if ! dotnet build DashboardFactory.sln -c Release --disable-build-servers </dev/null; then
  fail "BUILD FAILED: dotnet build DashboardFactory.sln -c Release exited non-zero; no tests were run."
  FAILED=1
  exit 1
fi

# ------------------------------------------------------------- PostgreSQL ---

# Ports with a listener in this network namespace (state 0A = LISTEN).
listening_ports() {
  local f
  for f in /proc/net/tcp /proc/net/tcp6; do
    [ -r "$f" ] || continue
    tail -n +2 "$f" | while read -r _ local_addr _ st _; do
      [ "$st" = "0A" ] && echo $((16#${local_addr##*:}))
    done
  done
}

# A free port below the kernel's ephemeral range and away from Orleans'
# defaults (11111, 30000+).
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

log "starting a throwaway PostgreSQL cluster ($PG_BIN)"
PG_TMP="$(mktemp -d /tmp/df-test-pg.XXXXXX)" || { fail "mktemp failed"; exit 1; }
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

# --- throwaway test cluster (test.sh) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_TMP/sock'
max_connections = 300
shared_buffers = 128MB
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
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
if [ "$ready" != 1 ]; then
  tail -n 30 "$PG_TMP/postgres.log" 2>/dev/null
  fail "PostgreSQL on port $PG_PORT never became ready"
  exit 1
fi

export DF_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
printf 'PostgreSQL ready on 127.0.0.1:%s (data in %s)\nDF_TEST_POSTGRES=%s\n' "$PG_PORT" "$PG_TMP" "$DF_TEST_POSTGRES"

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

# finish() (EXIT trap) stops PostgreSQL, removes the temp dirs and prints the
# summary line last.
exit 0
