#!/usr/bin/env bash
# `npm run dev`: the app with the demo data and the demo sign-in, and beside it the fake
# proctoring vendor (fake-vendor/, docs/decisions/021) that the demo's second course uses, so a
# newcomer sees a vendor-proctored exam work with no other command. The vendor is skipped when
# INVIGIL_FAKE_VENDOR=off or when something already listens on its port (a vendor started by hand).
set -euo pipefail
cd "$(dirname "$0")/.."
export INVIGIL_DEMO_LOGIN=true INVIGIL_SEED_DEMO=true
vendor_port="${FAKE_VENDOR_PORT:-11137}"
export INVIGIL_VENDOR_WORKER_ORIGINS="${INVIGIL_VENDOR_WORKER_ORIGINS:-http://127.0.0.1:${vendor_port},http://localhost:11136}"
if [ "${INVIGIL_FAKE_VENDOR:-on}" != "off" ] && ! (exec 3<>"/dev/tcp/127.0.0.1/${vendor_port}") 2>/dev/null; then
  echo "Starting the fake proctoring vendor on http://127.0.0.1:${vendor_port} (INVIGIL_FAKE_VENDOR=off to skip)"
  # Plain node with tsx as a loader, so the vendor sees this process (then `next dev`) as its parent
  # and stops with it.
  node --import tsx fake-vendor/main.ts --exit-with-parent --port "$vendor_port" --invigil-url "http://localhost:${PORT:-3000}" &
fi
exec node_modules/.bin/next dev "$@"
