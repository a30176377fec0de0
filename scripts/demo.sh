#!/usr/bin/env bash
# Sets everything up and starts the demo portal: the AWS emulator, the backend
# (http://localhost:7007) and the app (http://localhost:3000, guest sign-in).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$LAMBDA_OPS_ROOT"

# The emulator also serves examples/runbooks, standing in for the docs host.
node packages/aws-emulator/bin/lambda-ops-aws-emulator --runbooks-dir examples/runbooks &
emulator=$!
trap 'kill "$emulator" 2>/dev/null || true' EXIT INT TERM

yarn start
