#!/usr/bin/env bash
# Runs inside `dbus-run-session` (see scripts/test.mjs): unlock a private gnome-keyring, then run the suites.
set -euo pipefail
eval "$(printf 'test\n' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK 2>/dev/null || true
npx vitest run "$@"
if [ -d test/e2e ] && [ $# -eq 0 ]; then
  npx playwright test
fi
