#!/usr/bin/env bash
# Starts the production build for Playwright on a fresh embedded database, with a service
# token for the LMS sync API written to e2e/.artifacts/lms-token (the e2e "LMS" uses it).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf "${INVIGIL_DATA_DIR:?}"
mkdir -p e2e/.artifacts
# The server's configuration (LMS token, vendor backends, the reverify address, the fake vendor's
# OAuth client), written by the CLI's verbs in one process (e2e/support/prepare-data.ts). It and
# the server may not hold the embedded data folder at the same time: it exits, then the server
# opens the folder.
NODE_ENV=development node --import tsx e2e/support/prepare-data.ts
# The fake proctoring vendor (fake-vendor/, docs/decisions/021): its API, worker and review page on
# E2E_VENDOR_PORT, its desktop application on E2E_VENDOR_DESKTOP_PORT. The exam page may load the
# worker from the one and the worker may call the other (the page's Content Security Policy).
E2E_VENDOR_PORT="${E2E_VENDOR_PORT:-3190}"
E2E_VENDOR_DESKTOP_PORT="${E2E_VENDOR_DESKTOP_PORT:-3191}"
export INVIGIL_VENDOR_WORKER_ORIGINS="http://127.0.0.1:${E2E_VENDOR_PORT},http://127.0.0.1:${E2E_VENDOR_DESKTOP_PORT}"
export FAKE_VENDOR_CALLBACK_CLIENT_ID="$(sed -n 's/^FAKE_VENDOR_CALLBACK_CLIENT_ID=//p' e2e/.artifacts/vendor-client.env)"
export FAKE_VENDOR_CALLBACK_CLIENT_SECRET="$(sed -n 's/^FAKE_VENDOR_CALLBACK_CLIENT_SECRET=//p' e2e/.artifacts/vendor-client.env)"
# Plain node with tsx as a loader: no tsx wrapper process in between, so the vendor sees its
# parent (this script, then the server) go away.
node --import tsx fake-vendor/main.ts --exit-with-parent --port "$E2E_VENDOR_PORT" \
  --desktop-port "$E2E_VENDOR_DESKTOP_PORT" --invigil-url "http://127.0.0.1:${E2E_PORT:-3100}" --ready-delay-ms 500 &
# Wait for it (it may first bundle its worker), so a spec never meets a vendor still starting.
vendor_up=""
for _ in $(seq 1 300); do
  (exec 3<>"/dev/tcp/127.0.0.1/${E2E_VENDOR_PORT}") 2>/dev/null && { vendor_up=1; break; }
  sleep 0.2
done
if [ -z "$vendor_up" ]; then
  echo "The fake vendor did not start on port ${E2E_VENDOR_PORT} within 60 s (see its output above)." >&2
  exit 1
fi
# A real SMTP server that keeps every message the app sends (learner e-mails, §11) for the specs.
export E2E_MAIL_DIR="${E2E_MAIL_DIR:-e2e/.artifacts/mail}"
rm -rf "$E2E_MAIL_DIR"
node --import tsx e2e/support/mail-sink.ts &
export SMTP_URL="smtp://127.0.0.1:${E2E_SMTP_PORT:-3125}"
# exec: stopping the test run stops the server, leaving no orphan holding the data folder (the
# mail sink exits when it notices its parent is gone).
exec node_modules/.bin/next start -H 127.0.0.1 -p "${E2E_PORT:-3100}"
