#!/usr/bin/env bash
# Starts the production build for Playwright on a fresh embedded database, with a service
# token for the LMS sync API written to e2e/.artifacts/lms-token (the e2e "LMS" uses it).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf "${INVIGIL_DATA_DIR:?}"
mkdir -p e2e/.artifacts
# The CLI and the server may not hold the embedded data folder at the same time: the token is
# created first, then the CLI exits and the server opens the folder.
NODE_ENV=development node_modules/.bin/tsx cli/invigil.ts create-token --name e2e-lms \
  --scopes lms:sync,lms:act-as-user > e2e/.artifacts/lms-token
# A mock vendor that answers quickly, so the learner tests see pings (every 5 s), the ready
# callback and the review within seconds.
NODE_ENV=development node_modules/.bin/tsx cli/invigil.ts configure-backend --name mock-e2e --kind mock \
  --verbose-name "Mock Proctoring (fast)" \
  --settings '{"ping_interval": 5, "ready_delay_ms": 500, "review_delay_seconds": 2, "supports_onboarding": true}'
# The same without onboarding support: its practice exams are plain practice exams (§12.1 step 3).
# It posts no review, so a submitted practice attempt stays `submitted` while a spec looks at it.
NODE_ENV=development node_modules/.bin/tsx cli/invigil.ts configure-backend --name mock-practice --kind mock \
  --verbose-name "Mock Proctoring (practice)" \
  --settings '{"ping_interval": 5, "ready_delay_ms": 500, "supports_onboarding": false}'
# A vendor that never reports the system check done (the null backend), with a short time-out
# (12 s: long enough to see the wait on a busy machine), so the learner spec sees the
# system-check page time out into its "what to do" page.
NODE_ENV=development node_modules/.bin/tsx cli/invigil.ts configure-backend --name stuck-e2e --kind null \
  --verbose-name "Stuck Vendor" --settings '{"system_check_timeout_seconds": 12}'
# The LMS's identity-verification page (§12.3 id_verification): the credit spec checks the links
# to it. Nothing serves it; only the address matters.
NODE_ENV=development node_modules/.bin/tsx cli/invigil.ts set-setting --key reverify_url \
  --value "\"http://127.0.0.1:${E2E_PORT:-3100}/e2e-lms/verify\""
# The fake proctoring vendor (fake-vendor/, docs/decisions/021): its API, worker and review page on
# E2E_VENDOR_PORT, its desktop application on E2E_VENDOR_DESKTOP_PORT. The exam page may load the
# worker from the one and the worker may call the other (the page's Content Security Policy).
E2E_VENDOR_PORT="${E2E_VENDOR_PORT:-3190}"
E2E_VENDOR_DESKTOP_PORT="${E2E_VENDOR_DESKTOP_PORT:-3191}"
export INVIGIL_VENDOR_WORKER_ORIGINS="http://127.0.0.1:${E2E_VENDOR_PORT},http://127.0.0.1:${E2E_VENDOR_DESKTOP_PORT}"
# Invigil's side of the fake vendor: a REST backend (client credentials towards the vendor: the
# fake's demo pair) and an RPNow backend (the fake's demo keys), secrets passed on stdin so they
# never appear in `ps`; then the OAuth client the vendor uses for its callbacks (ready, reviewed).
VENDOR_URL="http://127.0.0.1:${E2E_VENDOR_PORT}"
printf '{"client_secret": "demo-only-fake-vendor-secret"}' | NODE_ENV=development node_modules/.bin/tsx cli/invigil.ts \
  configure-backend --name rest-e2e --kind rest --verbose-name "Fake Vendor (REST)" --secrets-stdin \
  --settings "{\"base_url\": \"${VENDOR_URL}\", \"client_id\": \"invigil-demo-fake-vendor\", \"javascript_url\": \"${VENDOR_URL}/worker.js\", \"ping_interval\": 5}"
printf '{"secret_key_id": "demo-only-rpnow-key-id", "secret_key": "demo-only-rpnow-secret-key", "crypto_key": "demo-only-24-byte-3desky"}' \
  | NODE_ENV=development node_modules/.bin/tsx cli/invigil.ts configure-backend --name rpnow-e2e --kind software_secure \
  --verbose-name "RPNow (fake)" --secrets-stdin \
  --settings "{\"organization\": \"invigil-e2e\", \"exam_sponsor\": \"Invigil\", \"exam_register_endpoint\": \"${VENDOR_URL}/rpnow/register\", \"software_download_url\": \"${VENDOR_URL}/download\"}"
callback_client="$(NODE_ENV=development node_modules/.bin/tsx cli/invigil.ts create-vendor-client --backend rest-e2e --name e2e-fake-vendor 2>/dev/null)"
export FAKE_VENDOR_CALLBACK_CLIENT_ID="$(printf '%s\n' "$callback_client" | sed -n 's/^client_id=//p')"
export FAKE_VENDOR_CALLBACK_CLIENT_SECRET="$(printf '%s\n' "$callback_client" | sed -n 's/^client_secret=//p')"
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
