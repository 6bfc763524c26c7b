#!/usr/bin/env bash
# Builds the Azure Functions deployment package: a zip whose root holds host.json, one folder per
# function (copied from functions/, which FunctionCatalog generates) and the self-contained linux-x64
# executable ActivityService.Functions that host.json names as the custom handler.
#
#   scripts/publish.sh [OUTPUT.zip]      default: artifacts/functionapp.zip
#   scripts/publish.sh FOLDER            the same content unzipped into FOLDER (replaced), for `azd deploy`
#
# Needs: .NET 10 SDK; `zip` (installed with apt-get when missing and running as root), else python3.
# The build runs on a copy of the sources in a temporary folder, so it never touches the work tree's
# bin/ and obj/ (a build or test run in the work tree can go on at the same time).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
OUTPUT=${1:-$ROOT/artifacts/functionapp.zip}
case "$OUTPUT" in /*) ;; *) OUTPUT=$ROOT/$OUTPUT ;; esac
EXECUTABLE=ActivityService.Functions

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

fail() { printf 'publish.sh: %s\n' "$*" >&2; exit 1; }

# host.json must name the executable we ship.
grep -Eq "\"defaultExecutablePath\"[[:space:]]*:[[:space:]]*\"$EXECUTABLE\"" host.json \
  || fail "host.json customHandler.description.defaultExecutablePath must be \"$EXECUTABLE\""
compgen -G "functions/*/function.json" >/dev/null || fail "functions/ holds no function.json"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/activity-publish.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
SOURCE=$WORK/source
STAGE=$WORK/app
mkdir -p "$SOURCE" "$STAGE"

# A clean copy of what the build needs (no bin/, obj/ or node_modules/).
tar -C "$ROOT" --exclude='bin' --exclude='obj' --exclude='node_modules' -cf - \
  src Directory.Build.props Directory.Packages.props global.json .editorconfig \
  $(ls "$ROOT"/nuget.config "$ROOT"/NuGet.config 2>/dev/null | xargs -r -n1 basename) \
  | tar -C "$SOURCE" -xf -

echo "==> dotnet publish (Release, linux-x64, self-contained)"
dotnet publish "$SOURCE/src/Functions" -c Release -r linux-x64 --self-contained -o "$STAGE" -nologo -v quiet

[[ -f "$STAGE/$EXECUTABLE" ]] || fail "the publish output has no $EXECUTABLE"
chmod 0755 "$STAGE/$EXECUTABLE"
cp host.json "$STAGE/"
for folder in functions/*/; do
  cp -R "$folder" "$STAGE/"
done

mkdir -p "$(dirname "$OUTPUT")"
if [[ "$OUTPUT" != *.zip ]]; then
  # A folder (azure.yaml's dist): azd zips it itself, keeping the executable bit.
  rm -rf "$OUTPUT"
  mkdir -p "$OUTPUT"
  cp -a "$STAGE/." "$OUTPUT/"
  printf 'Wrote folder %s (%s functions)\n' "$OUTPUT" "$(ls -d functions/*/ | wc -l | tr -d ' ')"
  exit 0
fi
rm -f "$OUTPUT"
if ! command -v zip >/dev/null 2>&1 && [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "==> installing zip"
  { apt-get update -qq && apt-get install -y -qq zip; } >/dev/null 2>&1 || true
fi

echo "==> packaging $OUTPUT"
if command -v zip >/dev/null 2>&1; then
  # Info-ZIP keeps Unix permissions (the executable bit) in each entry's external attributes.
  (cd "$STAGE" && zip -q -r -X "$OUTPUT" .)
else
  python3 - "$STAGE" "$OUTPUT" <<'PY'
import os, stat, sys, zipfile
stage, output = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
    for folder, _, files in os.walk(stage):
        for name in sorted(files):
            path = os.path.join(folder, name)
            info = zipfile.ZipInfo.from_file(path, os.path.relpath(path, stage))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (stat.S_IMODE(os.stat(path).st_mode) | stat.S_IFREG) << 16
            with open(path, "rb") as source:
                archive.writestr(info, source.read())
PY
fi

printf 'Wrote %s (%s functions)\n' "$OUTPUT" "$(ls -d functions/*/ | wc -l | tr -d ' ')"
