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
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >/dev/null
}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# PostgreSQL from Debian's packages, so that the store's tests run on it as well as on
# SQLite: Backstage's TestDatabases picks it up from BACKSTAGE_TEST_DATABASE_POSTGRES<n>_...
ensure_postgres() {
  # runuser and Debian's cluster tools live in the system directories.
  export PATH="$PATH:/usr/sbin:/sbin"
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    log "installing PostgreSQL from Debian's packages for the database tests"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
  fi
  local version port
  version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
  pg_lsclusters -h | grep -q "^$version main" || as_root pg_createcluster "$version" main >/dev/null
  pg_lsclusters -h | grep -q "^$version main .*online" || as_root pg_ctlcluster "$version" main start
  as_root runuser -u postgres -- psql -q -c "DO \$\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'lambdaops') THEN
        CREATE ROLE lambdaops LOGIN SUPERUSER PASSWORD 'lambdaops';
      END IF;
    END \$\$;" >/dev/null
  port="$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')"
  export "BACKSTAGE_TEST_DATABASE_POSTGRES${version}_CONNECTION_STRING=postgresql://lambdaops:lambdaops@127.0.0.1:${port}"
  log "PostgreSQL $version on port $port for the database tests"
}

results="$LAMBDA_OPS_ROOT/e2e-artifacts"
mkdir -p "$results"

log "type check"
yarn tsc

log "lint and formatting"
yarn lint:all
yarn prettier:check

# The router's routes and the contract's types are generated from the backend's
# openapi.yaml: regenerate them and fail when the committed files differ.
check_generated_openapi_code() {
  local generated=(plugins/lambda-ops-backend/src/schema/openapi/generated
    plugins/lambda-ops-common/src/schema/openapi/generated)
  yarn workspace @lambda-ops/backstage-plugin-backend generate:openapi >/dev/null
  if ! git diff --exit-code -- "${generated[@]}" ||
    [ -n "$(git ls-files --others --exclude-standard -- "${generated[@]}")" ]; then
    echo "The code generated from openapi.yaml is out of date: run 'yarn generate:openapi' in plugins/lambda-ops-backend and commit it" >&2
    return 1
  fi
}
log "generated OpenAPI code is current"
check_generated_openapi_code

ensure_postgres
log "unit and integration tests"
yarn test --ci --json --outputFile="$results/jest.json"

ensure_chromium
log "end-to-end test (starts the demo with scripts/demo.sh)"
node --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$results/e2e.tap" e2e/*.test.mjs

node scripts/summarize-tests.mjs "$results/jest.json" "$results/e2e.tap"
