#!/usr/bin/env bash
# Prepares this checkout: Node 22 (fetched from the npm registry when the machine's Node is
# older), Yarn from the committed release, and the workspace's dependencies.
# Source it (`. scripts/setup.sh`) to get `node` and `yarn` on PATH; every step is a no-op
# when its result is already there.
set -euo pipefail

LAMBDA_OPS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_MAJOR=22
TOOLS_DIR="$LAMBDA_OPS_ROOT/.tools"

log() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }

node_major() { "${1:-node}" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  local current
  current="$(node_major)"
  if [ "$current" = 22 ] || [ "$current" = 24 ]; then
    return
  fi
  local dir="$TOOLS_DIR/node"
  if [ "$(node_major "$dir/bin/node")" != "$NODE_MAJOR" ]; then
    local arch
    case "$(uname -m)" in
      x86_64) arch=x64 ;;
      aarch64 | arm64) arch=arm64 ;;
      *) log "unsupported CPU $(uname -m): install Node $NODE_MAJOR yourself"; exit 1 ;;
    esac
    log "Node $current found; fetching Node $NODE_MAJOR (node-linux-$arch) from the npm registry"
    rm -rf "$dir" "$TOOLS_DIR/pack"
    mkdir -p "$TOOLS_DIR/pack"
    (cd "$TOOLS_DIR/pack" && npm pack --silent "node-linux-$arch@$NODE_MAJOR" >/dev/null)
    mkdir -p "$dir"
    tar xzf "$TOOLS_DIR"/pack/node-linux-*.tgz -C "$dir" --strip-components=1
    rm -rf "$TOOLS_DIR/pack"
  fi
  export PATH="$dir/bin:$PATH"
  # Native modules (better-sqlite3) build against these headers instead of downloading them.
  export npm_config_nodedir="$dir"
}

ensure_yarn() {
  local release
  release="$(ls "$LAMBDA_OPS_ROOT"/.yarn/releases/yarn-*.cjs | head -n 1)"
  mkdir -p "$TOOLS_DIR/bin"
  printf '#!/bin/sh\nexec node "%s" "$@"\n' "$release" >"$TOOLS_DIR/bin/yarn"
  chmod +x "$TOOLS_DIR/bin/yarn"
  export PATH="$TOOLS_DIR/bin:$PATH"
  # Yarn talks to the registry npm is configured with on this machine.
  local registry
  registry="$(npm config get registry 2>/dev/null || true)"
  if [ -n "$registry" ] && [ -z "${YARN_NPM_REGISTRY_SERVER:-}" ]; then
    export YARN_NPM_REGISTRY_SERVER="${registry%/}"
  fi
  export YARN_ENABLE_TELEMETRY=0
}

ensure_dependencies() {
  local stamp="$LAMBDA_OPS_ROOT/node_modules/.lambda-ops-install"
  if [ -f "$stamp" ] && [ "$stamp" -nt "$LAMBDA_OPS_ROOT/yarn.lock" ] &&
    [ "$(cat "$stamp")" = "$(node --version)" ]; then
    return
  fi
  log "installing dependencies (a few minutes the first time)"
  (cd "$LAMBDA_OPS_ROOT" && yarn install --immutable)
  node --version >"$stamp"
}

ensure_node
ensure_yarn
ensure_dependencies
