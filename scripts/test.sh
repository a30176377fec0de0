#!/usr/bin/env bash
# Sets everything up and runs all the checks: type check, unit and integration tests of
# every package, then the end-to-end test of the demo portal in Chromium.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$LAMBDA_OPS_ROOT"

ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then
    return
  fi
  log "installing Chromium from Debian's packages for the end-to-end test"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
}

results="$LAMBDA_OPS_ROOT/e2e-artifacts"
mkdir -p "$results"

log "type check"
yarn tsc

log "lint and formatting"
yarn lint:all
yarn prettier:check

log "unit and integration tests"
yarn test --ci --json --outputFile="$results/jest.json"

ensure_chromium
log "end-to-end test (starts the demo with scripts/demo.sh)"
node --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$results/e2e.tap" e2e/*.test.mjs

node scripts/summarize-tests.mjs "$results/jest.json" "$results/e2e.tap"
