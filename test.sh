#!/usr/bin/env bash
# Builds the solution and runs every test project, then the browser tests, against a throw-away Azurite.
#
#   ./test.sh                 install what is missing, build (warnings are errors), run all tests
#   ./test.sh ARGS...         same, passing ARGS to `dotnet test` (e.g. --filter "FullyQualifiedName~Catalog")
#
# Needs: .NET 10 SDK, npm (to install the pinned Node.js LTS of tools/node the first time), Chromium
# (installed with apt-get when missing). Compiles and lints infra/main.bicep with the bicep CLI from
# NuGet (scripts/bicep.sh; warnings are errors) into artifacts/infra/main.json. Starts its own
# in-memory Azurite Table service on a free port of 127.0.0.1, exports ACTIVITY_TEST_STORAGE for the
# integration and browser tests (tests/browser, `node --test`), and stops Azurite when done. Ends
# with one line "N passed, N failed" (", N skipped" when any were skipped) over both kinds of test.
# Exits non-zero when the build fails, a test fails, or no test ran at all.
# shellcheck disable=SC2317  # functions run from traps look unreachable to shellcheck
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT=$(pwd)

SOLUTION=ActivityFunctions.slnx
WAIT_SECONDS=60
AZURITE_ACCOUNT_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
  sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 0
fi
TEST_ARGS=("$@")

section() { printf '\n==> %s\n' "$*"; }
fail() { printf '\ntest.sh: %s\n' "$*" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/activity-tests.XXXXXX")
AZURITE_PID=""
AZURITE_LOG="$WORK/azurite.log"

show_log_tail() { # file, label
  if [[ -s "$1" ]]; then
    printf -- '--- last 40 lines of %s ---\n' "$2" >&2
    tail -n 40 "$1" >&2
    printf -- '--- end of %s ---\n' "$2" >&2
  fi
}

stop_azurite() { # only the Azurite this script started, by its recorded PID
  local pid=$AZURITE_PID i
  AZURITE_PID=""
  [[ -n "$pid" ]] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  stop_azurite
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'echo; echo "Interrupted."; exit 130' INT
trap 'echo; echo "Terminated."; exit 143' TERM

# Prints the HTTP status of a GET to $1, or 0 when nothing answers.
http_status() {
  node -e '
    const c = new AbortController(); setTimeout(() => c.abort(), 2000);
    fetch(process.argv[1], { signal: c.signal })
      .then(r => console.log(r.status), () => console.log(0));' "$1"
}

# Prints a TCP port on 127.0.0.1 that was free a moment ago (the OS picks it).
free_port() {
  node -e '
    const s = require("net").createServer();
    s.listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => console.log(p)); });'
}

# The browser suite needs Debian's Chromium (playwright-core drives it; it downloads no browser).
ensure_chromium() {
  if [[ -x /usr/bin/chromium ]]; then
    return 0
  fi
  section "Installing Chromium (apt-get)"
  local sudo=""
  if ((EUID != 0)); then sudo="sudo"; fi
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends chromium
}

# ---------------------------------------------------------------- prerequisites
section "Checking prerequisites"
command -v dotnet >/dev/null || fail "dotnet not found: install the .NET 10 SDK (see README.md)."
# The pinned Node.js LTS (tools/node) first on PATH, and the Node tools installed with it.
# shellcheck source=scripts/project-node.sh
source scripts/project-node.sh
use_project_node "$ROOT" || fail "could not set up the pinned Node.js and the Node tools (see above and README.md)."
echo "dotnet $(dotnet --version), node $(node --version) ($(command -v node))"

ensure_chromium

# ---------------------------------------------------------------- Bicep
# The bicep CLI comes from NuGet (scripts/bicep.sh). Lint and build with warnings as errors: the CLI exits
# 0 on warnings, so any diagnostic it prints fails the step. The configuration-consistency tests read
# the compiled template from artifacts/infra/main.json.
section "Compiling and linting infra/main.bicep (warnings are errors)"
ARM_TEMPLATE="$ROOT/artifacts/infra/main.json"
rm -f "$ARM_TEMPLATE"
mkdir -p "$(dirname "$ARM_TEMPLATE")"
bicep_strict() { # bicep arguments; fails on a non-zero exit or on any warning or error it prints
  local out rc=0
  out=$(scripts/bicep.sh "$@" 2>&1) || rc=$?
  [[ -z "$out" ]] || printf '%s\n' "$out"
  if ((rc != 0)) || grep -qE ' : (Warning|Error) ' <<<"$out"; then
    fail "bicep $1 reported problems (above)."
  fi
}
bicep_strict lint infra/main.bicep
bicep_strict build infra/main.bicep --outfile "$ARM_TEMPLATE"
echo "$(scripts/bicep.sh --version): no warnings; compiled to ${ARM_TEMPLATE#"$ROOT"/}"

# ---------------------------------------------------------------- Azurite
section "Starting Azurite Table service (in memory)"
mkdir -p "$WORK/azurite"
for attempt in 1 2 3; do
  AZURITE_PORT=$(free_port)
  # In memory, so nothing is kept; run from a scratch folder in case it writes anything all the same.
  (cd "$WORK/azurite" && exec "$ROOT/node_modules/.bin/azurite-table" --tableHost 127.0.0.1 \
    --tablePort "$AZURITE_PORT" --inMemoryPersistence --disableTelemetry) >"$AZURITE_LOG" 2>&1 &
  AZURITE_PID=$!
  deadline=$((SECONDS + WAIT_SECONDS))
  while (($(http_status "http://127.0.0.1:$AZURITE_PORT/devstoreaccount1/Tables") == 0)); do
    if ! kill -0 "$AZURITE_PID" 2>/dev/null; then
      wait "$AZURITE_PID" 2>/dev/null || true
      AZURITE_PID=""
      break
    fi
    if ((SECONDS >= deadline)); then
      show_log_tail "$AZURITE_LOG" "Azurite log"
      fail "Azurite did not answer on 127.0.0.1:$AZURITE_PORT within ${WAIT_SECONDS} s (log above)."
    fi
    sleep 0.5
  done
  [[ -n "$AZURITE_PID" ]] && break
  # Most likely another process took the port between picking and binding it: try another.
  show_log_tail "$AZURITE_LOG" "Azurite log (attempt $attempt)"
done
[[ -n "$AZURITE_PID" ]] || fail "Azurite would not start (log above)."
echo "Azurite pid $AZURITE_PID on 127.0.0.1:$AZURITE_PORT"

export ACTIVITY_TEST_STORAGE="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${AZURITE_ACCOUNT_KEY};TableEndpoint=http://127.0.0.1:${AZURITE_PORT}/devstoreaccount1;"
echo "ACTIVITY_TEST_STORAGE points at it"

# ---------------------------------------------------------------- build
section "Building $SOLUTION (Release, warnings as errors)"
if ! dotnet build "$SOLUTION" -c Release -warnaserror --nologo; then
  fail "the build failed (errors above); no test was run."
fi

# ---------------------------------------------------------------- tests
section "Running tests"
RESULTS="$WORK/results"
test_rc=0
dotnet test "$SOLUTION" -c Release --no-build --nologo \
  --logger "console;verbosity=normal" \
  --logger "trx" \
  --results-directory "$RESULTS" \
  --blame-hang-timeout 10m --blame-hang-dump-type none \
  "${TEST_ARGS[@]}" || test_rc=$?

# The browser suite (tests/browser/*.test.mjs) starts the Release build of the app itself, against
# the same Azurite (a table of its own per test file). Human-readable output here, TAP to a file for
# the summary. Node 22 and later take the argument as a glob (a folder is no longer searched).
section "Running browser tests (node --test tests/browser/*.test.mjs)"
BROWSER_TAP="$WORK/browser.tap"
browser_rc=0
if [[ -f src/Functions/bin/Release/net10.0/ActivityService.Functions.dll ]]; then
  node --test --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$BROWSER_TAP" 'tests/browser/*.test.mjs' || browser_rc=$?
else
  echo "FAILED: src/Functions/bin/Release/net10.0/ActivityService.Functions.dll is missing after the build."
  browser_rc=1
fi

# ---------------------------------------------------------------- summary
section "Summary"
# Sums the <Counters> of every TRX file (one per test project). Prints "passed failed skipped files".
read -r passed failed skipped trx_files < <(node -e '
  const fs = require("fs"), path = require("path");
  const walk = d => fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }).flatMap(e =>
    e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith(".trx") ? [path.join(d, e.name)] : []) : [];
  const sum = { passed: 0, failed: 0, skipped: 0 }, files = walk(process.argv[1]);
  for (const f of files) {
    const m = fs.readFileSync(f, "utf8").match(/<Counters\b([^>]*)\/?>/);
    if (!m) { sum.failed += 1; console.error("no counters in " + f); continue; }
    const n = k => Number((m[1].match(new RegExp("\\b" + k + "=\"(\\d+)\"")) || [0, 0])[1]);
    sum.passed += n("passed");
    sum.failed += n("failed") + n("error") + n("timeout") + n("aborted");
    // xunit skips show up as total - executed (notExecuted stays 0 in the counters).
    sum.skipped += Math.max(n("total") - n("executed"), n("notExecuted"));
  }
  console.log(sum.passed, sum.failed, sum.skipped, files.length);' "$RESULTS") || true
: "${passed:=0}" "${failed:=0}" "${skipped:=0}" "${trx_files:=0}"

# node --test ends its TAP output with "# pass N", "# fail N", "# cancelled N" (a cancelled test, e.g.
# one that timed out, counts as failed), "# skipped N" and "# todo N".
tap_count() { # name: the number on the "# name N" line of the browser TAP output, 0 when absent
  local n
  n=$(sed -n "s/^# $1 \([0-9][0-9]*\)\$/\1/p" "$BROWSER_TAP" 2>/dev/null | tail -n 1)
  echo "${n:-0}"
}
browser_passed=$(tap_count pass)
browser_failed=$(($(tap_count fail) + $(tap_count cancelled)))
browser_skipped=$(($(tap_count skipped) + $(tap_count todo)))
passed=$((passed + browser_passed))
failed=$((failed + browser_failed))
skipped=$((skipped + browser_skipped))

echo "test projects reporting: $trx_files, dotnet test exit status: $test_rc"
echo "browser tests: $browser_passed passed, $browser_failed failed, node --test exit status: $browser_rc"
status=0
if ((test_rc != 0)); then
  echo "FAILED: dotnet test reported a failure (see the output above)."
  status=1
fi
if ((browser_rc != 0)); then
  echo "FAILED: the browser tests reported a failure (see the output above)."
  status=1
fi
if ((browser_passed + browser_failed == 0)); then
  echo "FAILED: no browser test ran."
  status=1
fi
if ((failed > 0 && test_rc == 0 && browser_rc == 0)); then
  echo "FAILED: the test results record failures."
  status=1
fi
if ((passed + failed == 0)); then
  echo "FAILED: no test ran."
  status=1
fi
if ((skipped > 0)); then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
exit "$status"
