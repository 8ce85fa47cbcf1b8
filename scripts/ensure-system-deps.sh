#!/usr/bin/env bash
# Brings up the real components the test suites use, on a fresh Debian machine:
#   nats-server (Debian's binary package), gnome-keyring + D-Bus, Chromium, and the independent
#   verifiers (openssl, age, python3-ecdsa, python3-websockets).
# Where it cannot install (not Debian, not root) it names exactly what is missing and fails.
# NATS_SERVER_BIN and CHROMIUM_BIN point at binaries of your own instead (other systems).
set -euo pipefail
cd "$(dirname "$0")/.."

need_pkgs=()
have() { command -v "$1" >/dev/null 2>&1; }
sys_python() { PATH=$(getconf PATH) command -v python3 || true; }

have dbus-run-session || need_pkgs+=(dbus)
have gnome-keyring-daemon || need_pkgs+=(gnome-keyring)
have secret-tool || need_pkgs+=(libsecret-tools)
have openssl || need_pkgs+=(openssl)
{ have age && have age-keygen; } || need_pkgs+=(age)
have chromium || [ -n "${CHROMIUM_BIN:-}" ] || need_pkgs+=(chromium)
py=$(sys_python)
if [ -z "$py" ] || ! "$py" -c 'import ecdsa' 2>/dev/null; then need_pkgs+=(python3-ecdsa); fi
if [ -z "$py" ] || ! "$py" -c 'import websockets' 2>/dev/null; then need_pkgs+=(python3-websockets); fi

# Debian's package installs /usr/sbin/nats-server (and, without systemd, starts nothing).
nats_bin="${NATS_SERVER_BIN:-/usr/sbin/nats-server}"
if [ ! -x "$nats_bin" ]; then
  if [ -n "${NATS_SERVER_BIN:-}" ]; then echo "NATS_SERVER_BIN=$NATS_SERVER_BIN is not an executable" >&2; exit 1; fi
  need_pkgs+=(nats-server)
fi

if [ ${#need_pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || ! have apt-get; then
    echo "Missing system packages for the test suites: ${need_pkgs[*]}" >&2
    echo "Install them (Debian: sudo apt-get install ${need_pkgs[*]}), or set NATS_SERVER_BIN / CHROMIUM_BIN." >&2
    exit 1
  fi
  echo "installing with apt: ${need_pkgs[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
fi
"$nats_bin" --version >/dev/null
