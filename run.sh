#!/usr/bin/env bash
# Runs the activity service locally: Azurite (Table service) plus the app in standalone mode.
#
#   ./run.sh                 start both, print what to try, stop both on Ctrl-C
#   ./run.sh -- ARGS...      same, passing ARGS to the app (ASP.NET Core command-line configuration)
#   ./run.sh --help
#
# Needs: .NET 10 SDK, npm (to install the pinned Node.js LTS of tools/node the first time).
# Ports 127.0.0.1:10002 (Azurite) and 127.0.0.1:7071 (app).
# Data lives in .azurite/ (git-ignored) and survives restarts; logs and PID files go to .local/run/.
# shellcheck disable=SC2317  # functions run from traps look unreachable to shellcheck
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT=$(pwd)

AZURITE_PORT=10002
APP_PORT=7071
APP_URL="http://127.0.0.1:${APP_PORT}"
WAIT_SECONDS=60
RUN_DIR="$ROOT/.local/run"
AZURITE_LOG="$RUN_DIR/azurite.log"
APP_LOG="$RUN_DIR/app.log"

# A fixed signing key for local tokens only. It is public (it is in this file): never use it anywhere
# but on your own machine.
LOCAL_ONLY_DEV_SIGNING_KEY="local-only-dev-signing-key--not-a-secret--do-not-deploy"

# The Azurite development account (a well-known public key, identical on every machine).
AZURITE_ACCOUNT_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

APP_ARGS=()
usage() {
  sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}
while (($#)); do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --) shift; APP_ARGS=("$@"); break ;;
    *) echo "run.sh: unknown argument '$1' (app arguments go after --; see ./run.sh --help)" >&2; exit 2 ;;
  esac
done

section() { printf '\n==> %s\n' "$*"; }
fail() { printf '\nrun.sh: %s\n' "$*" >&2; exit 1; }

show_log_tail() { # file, label
  if [[ -s "$1" ]]; then
    printf -- '--- last 40 lines of %s (%s) ---\n' "$2" "${1#"$ROOT"/}" >&2
    tail -n 40 "$1" >&2
    printf -- '--- end of %s ---\n' "$2" >&2
  fi
}

# Prints the HTTP status of a GET to $1, or 0 when nothing answers (on the pinned Node).
http_status() {
  node -e '
    const c = new AbortController(); setTimeout(() => c.abort(), 2000);
    fetch(process.argv[1], { signal: c.signal })
      .then(r => console.log(r.status), () => console.log(0));' "$1"
}

# Exit status 0 when nothing listens on 127.0.0.1:$1 (checked by binding it, as the servers will).
port_is_free() {
  node -e '
    const s = require("net").createServer();
    s.once("error", () => process.exit(1));
    s.listen(Number(process.argv[1]), "127.0.0.1", () => s.close(() => process.exit(0)));' "$1"
}

# ---------------------------------------------------------------- processes this script started
AZURITE_PID=""
APP_PID=""
TAIL_PID=""

stop_pid() { # pid, name: TERM, then KILL after 15 s; only ever called with PIDs recorded above
  local pid=$1 name=$2 i
  [[ -n "$pid" ]] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    [[ "$name" == log-tail ]] || echo "Stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "$name (pid $pid) did not stop within 15 s; sending KILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
}

CLEANED_UP=0
cleanup() {
  ((CLEANED_UP)) && return 0
  CLEANED_UP=1
  trap '' INT TERM
  stop_pid "$APP_PID" "app"
  stop_pid "$AZURITE_PID" "Azurite"
  stop_pid "$TAIL_PID" "log-tail"
  rm -f "$RUN_DIR/app.pid" "$RUN_DIR/azurite.pid"
}
on_signal() {
  printf '\nReceived %s, shutting down.\n' "$1"
  cleanup
  [[ "$1" == INT ]] && exit 130 || exit 143
}
trap cleanup EXIT
trap 'on_signal INT' INT
trap 'on_signal TERM' TERM

# ---------------------------------------------------------------- prerequisites
section "Checking prerequisites"
command -v dotnet >/dev/null || fail "dotnet not found: install the .NET 10 SDK (see README.md)."
# The pinned Node.js LTS (tools/node) first on PATH, and the Node tools (Azurite) installed with it.
# shellcheck source=scripts/project-node.sh
source scripts/project-node.sh
use_project_node "$ROOT" || fail "could not set up the pinned Node.js and the Node tools (see above and README.md)."
echo "dotnet $(dotnet --version), node $(node --version) ($(command -v node))"

for port in "$AZURITE_PORT" "$APP_PORT"; do
  if ! port_is_free "$port"; then
    what=$([[ $port == "$AZURITE_PORT" ]] && echo "Azurite (Table service)" || echo "the app")
    msg="port 127.0.0.1:$port is already in use, and $what needs it.
  Find the process holding it with:   ss -ltnp 'sport = :$port'    (or: lsof -iTCP:$port -sTCP:LISTEN)
  Stop that process yourself, then run ./run.sh again. This script never stops processes it did not start."
    for f in "$RUN_DIR/azurite.pid" "$RUN_DIR/app.pid"; do
      if [[ -s "$f" ]] && kill -0 "$(cat "$f")" 2>/dev/null; then
        msg+="
  Note: $(basename "$f") records pid $(cat "$f") from an earlier ./run.sh that may still be running."
      fi
    done
    fail "$msg"
  fi
done
echo "ports $AZURITE_PORT and $APP_PORT are free"

mkdir -p "$RUN_DIR" .azurite
: >"$AZURITE_LOG"
: >"$APP_LOG"

# ---------------------------------------------------------------- Azurite
section "Starting Azurite Table service on 127.0.0.1:$AZURITE_PORT (data in .azurite/)"
node_modules/.bin/azurite-table --tableHost 127.0.0.1 --tablePort "$AZURITE_PORT" \
  --location .azurite --disableTelemetry >>"$AZURITE_LOG" 2>&1 &
AZURITE_PID=$!
echo "$AZURITE_PID" >"$RUN_DIR/azurite.pid"
echo "Azurite pid $AZURITE_PID, log .local/run/azurite.log"

deadline=$((SECONDS + WAIT_SECONDS))
until (($(http_status "http://127.0.0.1:$AZURITE_PORT/devstoreaccount1/Tables") > 0)); do
  if ! kill -0 "$AZURITE_PID" 2>/dev/null; then
    show_log_tail "$AZURITE_LOG" "Azurite log"
    fail "Azurite exited before it answered (log above)."
  fi
  if ((SECONDS >= deadline)); then
    show_log_tail "$AZURITE_LOG" "Azurite log"
    fail "Azurite did not answer on 127.0.0.1:$AZURITE_PORT within ${WAIT_SECONDS} s (log above)."
  fi
  sleep 0.5
done
echo "Azurite is answering"

# ---------------------------------------------------------------- the app
section "Building the app (dotnet build -c Release)"
dotnet build src/Functions/Functions.csproj -c Release --nologo || fail "the build failed (errors above)."
APP_DLL=$(dotnet msbuild src/Functions/Functions.csproj -nologo -getProperty:TargetPath -p:Configuration=Release)
[[ -f "$APP_DLL" ]] || fail "build output not found: $APP_DLL"

section "Starting the app on $APP_URL (standalone mode)"
unset FUNCTIONS_CUSTOMHANDLER_PORT
# Like `dotnet run`, the app runs from its project folder (its content root, where appsettings.json is).
# `exec` makes the recorded PID the app's own.
(cd src/Functions && exec env \
  ASPNETCORE_URLS="$APP_URL" \
  Hosting__Mode=Standalone \
  Storage__ConnectionString="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${AZURITE_ACCOUNT_KEY};TableEndpoint=http://127.0.0.1:${AZURITE_PORT}/devstoreaccount1;" \
  Storage__TableName="${Storage__TableName:-activities}" \
  Storage__StrictAzureLimits="${Storage__StrictAzureLimits:-true}" \
  Auth__SigningKey="$LOCAL_ONLY_DEV_SIGNING_KEY" \
  dotnet "$APP_DLL" "${APP_ARGS[@]}") >>"$APP_LOG" 2>&1 &
APP_PID=$!
echo "$APP_PID" >"$RUN_DIR/app.pid"
echo "app pid $APP_PID, log .local/run/app.log"

deadline=$((SECONDS + WAIT_SECONDS))
# Readiness, not liveness: it answers 200 only once storage is reachable and the table exists.
until [[ $(http_status "$APP_URL/api/health/ready") == 200 ]]; do
  if ! kill -0 "$APP_PID" 2>/dev/null; then
    show_log_tail "$APP_LOG" "app log"
    fail "the app exited before /api/health/ready answered 200 (log above)."
  fi
  if ((SECONDS >= deadline)); then
    show_log_tail "$APP_LOG" "app log"
    fail "GET $APP_URL/api/health/ready did not answer 200 within ${WAIT_SECONDS} s (log above)."
  fi
  sleep 0.5
done

cat <<EOF

==> The activity service is running (standalone mode)

  Health:      $APP_URL/api/health (liveness), $APP_URL/api/health/ready (readiness)
               curl -s $APP_URL/api/health/ready

  A token:     POST /api/dev/token gives a signed local token (local mode only):
               curl -s -X POST $APP_URL/api/dev/token \\
                 -H 'Content-Type: application/json' \\
                 -d '{"company_id":"acme","user_id":"u1","role":"admin"}'

               then send it as:  -H "Authorization: Bearer <token>"

  API docs:    docs/api.md (endpoints, errors, events, live updates)

  Table data:  Azurite on 127.0.0.1:$AZURITE_PORT, stored in .azurite/
  Logs:        .local/run/app.log and .local/run/azurite.log (the app log follows below)

  Press Ctrl-C to stop the app and Azurite.

EOF

tail -n +1 -F "$APP_LOG" 2>/dev/null &
TAIL_PID=$!

# Wait until one of the two servers exits on its own (a signal runs the traps instead).
rc=0
wait -n "$AZURITE_PID" "$APP_PID" || rc=$?
if ! kill -0 "$APP_PID" 2>/dev/null; then
  show_log_tail "$APP_LOG" "app log"
  fail "the app exited unexpectedly (status $rc)."
fi
show_log_tail "$AZURITE_LOG" "Azurite log"
fail "Azurite exited unexpectedly (status $rc)."
