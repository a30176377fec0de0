#!/usr/bin/env bash
# Sets everything up and starts the demo portal: the AWS emulator, the backend
# (http://localhost:7007) and the app (http://localhost:3000, guest sign-in).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$LAMBDA_OPS_ROOT"

# Another emulator on the port would answer in its stead, with other data: stop early.
if ! node -e 'const s = require("net").createServer();
  s.once("error", () => process.exit(1)).listen(4599, "127.0.0.1", () => s.close());'; then
  echo "demo.sh: port 4599 is taken (another AWS emulator or demo running?); stop it first" >&2
  exit 1
fi

# The emulator also serves examples/runbooks, standing in for the docs host, and the YAML
# files beside the example catalog (under /catalog/, standing in for its git host), and
# publishes each minute of metrics 2 minutes after it ends, as CloudWatch does.
node packages/aws-emulator/bin/lambda-ops-aws-emulator --runbooks-dir examples/runbooks \
  --catalog-dir examples --publishing-lag 120 &
emulator=$!
trap 'kill "$emulator" 2>/dev/null || true' EXIT INT TERM

yarn start
