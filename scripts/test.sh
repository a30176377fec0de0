#!/usr/bin/env bash
# Sets everything up and runs every check and every test, the same run for a person and
# for CI (with or without CI set, with or without a terminal; it never watches): type
# check, lint, formatting, API reports, the unit and integration tests of every package,
# the tests of these scripts, then the end-to-end tests in Chromium (the demo portal, and
# fresh create-app apps installed from the READMEs). A failing step does not stop the
# run; the last line sums it all up, "tests: N passed, N failed, N skipped", and the exit
# code is 0 only when nothing failed.
. "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
set +e -uo pipefail
cd "$LAMBDA_OPS_ROOT"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then
    return
  fi
  log "installing Chromium from Debian's packages for the end-to-end tests"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >/dev/null
}

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

# Redis from Debian's packages, for the end-to-end check of two backend replicas sharing
# PostgreSQL and a cache (e2e/replicas), which starts and restarts its own redis-server.
ensure_redis() {
  if [ -x /usr/bin/redis-server ]; then
    return
  fi
  log "installing Redis from Debian's packages for the two-replica check"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq redis-server >/dev/null
}

results="$LAMBDA_OPS_ROOT/e2e-artifacts"
mkdir -p "$results"
# Results of an earlier run must not stand in for a step that produced none.
rm -f "$results/jest.json" "$results/scripts.tap" "$results/e2e.tap"

checks=()
check() {
  local name="$1"
  shift
  log "$name"
  "$@"
  checks+=(--check "$name=$?")
}

check "type check" yarn tsc
check "lint" yarn lint:all
check "formatting" yarn prettier:check
# Needs the type check's declarations; on a difference it names `yarn build:api-reports`.
check "API reports" yarn check:api-reports

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
check "generated OpenAPI code" check_generated_openapi_code

ensure_postgres
log "unit and integration tests"
# --watchAll=false: without CI set, backstage-cli would test only changed files and watch.
yarn backstage-cli repo test --ci --watchAll=false --json --outputFile="$results/jest.json"

log "tests of the test scripts"
node --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$results/scripts.tap" 'scripts/*.test.mjs'

ensure_chromium
ensure_redis
log "end-to-end tests (the demo portal, then fresh apps installed from the READMEs)"
yarn test:e2e

node scripts/summarize-tests.mjs --jest "$results/jest.json" \
  --tap "$results/scripts.tap" --tap "$results/e2e.tap" "${checks[@]}"
