#!/usr/bin/env bash
# Starts the production build for Playwright on a fresh embedded database.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf "${INVIGIL_DATA_DIR:?}"
# exec: stopping the test run stops the server, leaving no orphan holding the data folder.
exec node_modules/.bin/next start -H 127.0.0.1 -p "${E2E_PORT:-3100}"
