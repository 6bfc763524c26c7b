#!/usr/bin/env bash
# Runs the project's pinned Node.js (see scripts/project-node.sh), installing it and the Node tools first
# when needed. Example: scripts/node.sh scripts/screenshot.mjs
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/project-node.sh
source "$ROOT/scripts/project-node.sh"
use_project_node "$ROOT" >&2
exec node "$@"
