#!/usr/bin/env bash
# Brings up the real components the test suites use, on a fresh Debian machine:
#   nats-server (built from Debian's source package), gnome-keyring + D-Bus,
#   Chromium, and the independent verifiers (openssl, python3-ecdsa, python3-websockets).
# Where it cannot install (not Debian, not root) it names exactly what is missing and fails.
set -euo pipefail
cd "$(dirname "$0")/.."

need_pkgs=()
have() { command -v "$1" >/dev/null 2>&1; }
sys_python() { PATH=$(getconf PATH) command -v python3 || true; }

have dbus-run-session || need_pkgs+=(dbus)
have gnome-keyring-daemon || need_pkgs+=(gnome-keyring)
have secret-tool || need_pkgs+=(libsecret-tools)
have openssl || need_pkgs+=(openssl)
have chromium || [ -n "${CHROMIUM_BIN:-}" ] || need_pkgs+=(chromium)
py=$(sys_python)
if [ -z "$py" ] || ! "$py" -c 'import ecdsa' 2>/dev/null; then need_pkgs+=(python3-ecdsa); fi
if [ -z "$py" ] || ! "$py" -c 'import websockets' 2>/dev/null; then need_pkgs+=(python3-websockets); fi

nats_bin="${NATS_SERVER_BIN:-.cache/bin/nats-server}"
build_nats=0
if [ ! -x "$nats_bin" ]; then
  if [ -n "${NATS_SERVER_BIN:-}" ]; then echo "NATS_SERVER_BIN=$NATS_SERVER_BIN is not an executable" >&2; exit 1; fi
  build_nats=1
  have go || need_pkgs+=(golang-go)
  dpkg -s golang-github-nats-io-nats-server-dev >/dev/null 2>&1 || need_pkgs+=(golang-github-nats-io-nats-server-dev)
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

if [ "$build_nats" = 1 ]; then
  echo "building nats-server from Debian's source package" >&2
  main=$(dpkg -L golang-github-nats-io-nats-server-dev | grep '/github.com/nats-io/nats-server/main.go$')
  src=$(dirname "$main")
  gocode=${src%/src/github.com/nats-io/nats-server}
  gp=$(mktemp -d)
  mkdir -p "$gp/src/github.com/nats-io/nats-server" .cache/bin
  ln -s "$src" "$gp/src/github.com/nats-io/nats-server/v2" # the Go module path ends in /v2
  GOPATH="$gp:$gocode" GO111MODULE=off GOFLAGS= GOCACHE="$gp/cache" \
    go build -o .cache/bin/nats-server github.com/nats-io/nats-server/v2
  rm -rf "$gp"
fi
"$nats_bin" --version >/dev/null
