#!/usr/bin/env bash
# Runs inside `dbus-run-session` (see scripts/keyring-session.mjs): unlock a private gnome-keyring, then
# run every suite, or with `--e2e SPEC…` only those Playwright specs (npm run screenshots).
set -euo pipefail
eval "$(printf 'test\n' | gnome-keyring-daemon --unlock --components=secrets)" >/dev/null
if [ "${1:-}" = "--e2e" ]; then
  shift
  exec npx playwright test "$@"
fi
npx vitest run "$@"
if [ -d test/e2e ] && [ $# -eq 0 ]; then
  npx playwright test
fi
