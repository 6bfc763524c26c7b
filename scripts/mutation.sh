#!/usr/bin/env bash
# Mutation testing of Core's logic (Events, Activities, Catalog, History) with the unit tests.
#
#   scripts/mutation.sh                        full run over the scope in stryker-config.json
#   scripts/mutation.sh --mutate '**/Events/EventParser.cs'   one file (or any other Stryker.NET option)
#
# Restores Stryker.NET from the dotnet tool manifest (.config/dotnet-tools.json), runs it with
# stryker-config.json and prints the mutation score. Reports (HTML, JSON) go to artifacts/mutation/.
# Exits non-zero when the score is below the config's break threshold (90). Not part of ./test.sh:
# a full run takes about 25 minutes on 2 cores. STRYKER_CONCURRENCY sets the parallel test sessions (default: cores).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
OUTPUT="$ROOT/artifacts/mutation"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
  sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 0
fi

dotnet tool restore >/dev/null

ARGS=(--config-file "$ROOT/stryker-config.json" --output "$OUTPUT")
if [[ -n "${STRYKER_CONCURRENCY:-}" ]]; then
  ARGS+=(--concurrency "$STRYKER_CONCURRENCY")
fi

# Stryker runs from the project under test; with test-projects set it must not see the solution.
rm -rf "$OUTPUT"
status=0
(cd src/Core && dotnet dotnet-stryker "${ARGS[@]}" "$@") || status=$?

REPORT="$OUTPUT/reports/mutation-report.json"
if [[ -f "$REPORT" ]]; then
  python3 - "$REPORT" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
counts = {}
for source in report["files"].values():
    for mutant in source["mutants"]:
        counts[mutant["status"]] = counts.get(mutant["status"], 0) + 1
detected = counts.get("Killed", 0) + counts.get("Timeout", 0)
undetected = counts.get("Survived", 0) + counts.get("NoCoverage", 0)
valid = detected + undetected
score = 100 * detected / valid if valid else 0
summary = ", ".join(f"{counts[k]} {k.lower()}" for k in sorted(counts))
print(f"mutation score: {score:.2f}% ({detected} of {valid} mutants detected; {summary})")
PY
else
  echo "mutation.sh: no report was written" >&2
  status=${status:-1}
  [[ $status -ne 0 ]] || status=1
fi
exit "$status"
