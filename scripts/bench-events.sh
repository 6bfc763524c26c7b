#!/usr/bin/env bash
# Event throughput benchmark: lifecycle events applied per second by the real processor, side by side
# with Azurite's raw rate for the very same transactions, in one run (see docs/performance.md).
#
#   scripts/bench-events.sh [EVENTS_PER_ROUND] [ROUNDS]      defaults: 2000 3
#
# Starts its own in-memory Azurite on a free 127.0.0.1 port and stops it (by PID) when done.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

EVENTS=${1:-2000}
ROUNDS=${2:-3}
KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

# shellcheck source=scripts/project-node.sh
source scripts/project-node.sh
use_project_node "$(pwd)"
dotnet build bench/Benchmarks -c Release --nologo -v quiet >/dev/null

PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{const p=s.address().port;s.close(()=>console.log(p))})')
LOG=$(mktemp)
node_modules/.bin/azurite-table --tableHost 127.0.0.1 --tablePort "$PORT" --inMemoryPersistence --disableTelemetry >"$LOG" 2>&1 &
AZURITE_PID=$!
trap 'kill "$AZURITE_PID" 2>/dev/null || true; wait "$AZURITE_PID" 2>/dev/null || true; rm -f "$LOG"' EXIT
for _ in $(seq 1 100); do
  grep -q "successfully started" "$LOG" && break
  sleep 0.1
done
grep -q "successfully started" "$LOG" || { cat "$LOG"; echo "Azurite did not start" >&2; exit 1; }

CONNECTION="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$KEY;TableEndpoint=http://127.0.0.1:$PORT/devstoreaccount1;"
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(date -u +%Y-%m-%dT%H:%MZ)"
dotnet bench/Benchmarks/bin/Release/net10.0/ActivityService.Benchmarks.dll "$CONNECTION" "$EVENTS" "$ROUNDS"
