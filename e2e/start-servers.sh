#!/usr/bin/env bash
# Starts both end-to-end servers (e2e/support/servers.ts) for Playwright at once. Most of a
# server's start-up is the CLI preparing its fresh database (token, backends, settings), one
# process after another; Playwright starts its `webServer` entries one after the other, so with
# one entry per server the second preparation would only begin once the first server answered.
# Here the second server starts in the background with its own variables (the *_2 ones) while
# the first prepares; the first listens only once the second answers, so Playwright's readiness
# check on the first covers both. Stopping the run stops both: Playwright ends this script's
# whole process group.
set -euo pipefail
cd "$(dirname "$0")/.."
E2E_PORT="${E2E_PORT_2:?}" E2E_VENDOR_PORT="${E2E_VENDOR_PORT_2:?}" E2E_VENDOR_DESKTOP_PORT="${E2E_VENDOR_DESKTOP_PORT_2:?}" \
  E2E_SMTP_PORT="${E2E_SMTP_PORT_2:?}" E2E_ARTIFACTS_DIR="${E2E_ARTIFACTS_DIR_2:?}" E2E_MAIL_DIR="${E2E_MAIL_DIR_2:?}" \
  INVIGIL_DATA_DIR="${INVIGIL_DATA_DIR_2:?}" bash e2e/start-server.sh &
export E2E_LISTEN_AFTER_PID=$!
export E2E_LISTEN_AFTER_URL="http://127.0.0.1:${E2E_PORT_2}/api/health"
exec bash e2e/start-server.sh
