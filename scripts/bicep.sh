#!/usr/bin/env bash
# Runs the bicep CLI pinned in Directory.Packages.props (NuGet package Azure.Bicep.CommandLine.linux-x64),
# restoring it first when needed. No global install, no Azure CLI.
#
#   scripts/bicep.sh ARGS...          e.g. scripts/bicep.sh build infra/main.bicep --stdout
#   scripts/bicep.sh --path           prints the path of the bicep executable
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PROJECT="$ROOT/tools/bicep/BicepCli.csproj"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

[[ "$(uname -s)-$(uname -m)" == Linux-x86_64 ]] ||
  { echo "bicep.sh: the pinned bicep package is for linux-x64; this is $(uname -s)-$(uname -m)." >&2; exit 1; }

# The package folder of the restored version (GeneratePathProperty in the project).
package_dir() {
  dotnet msbuild "$PROJECT" -nologo -getProperty:PkgAzure_Bicep_CommandLine_linux-x64 2>/dev/null || true
}

dir=$(package_dir)
if [[ -z "$dir" || ! -f "$dir/tools/bicep" ]]; then
  dotnet restore "$PROJECT" --nologo -v quiet >&2
  dir=$(package_dir)
fi
BICEP="$dir/tools/bicep"
[[ -f "$BICEP" ]] || { echo "bicep.sh: no bicep executable in the restored package ($BICEP)." >&2; exit 1; }
# NuGet unpacks files without their exec bit.
[[ -x "$BICEP" ]] || chmod +x "$BICEP"

if [[ "${1:-}" == --path ]]; then
  echo "$BICEP"
  exit 0
fi
exec "$BICEP" "$@"
