#!/usr/bin/env bash
# Installs the Debian packages the tests need, only those missing, so it is cheap to run again.
# ClickHouse: the store parity and cluster tests start private instances of clickhouse-server
# themselves (test/helpers/clickhouse-server.ts), so the system service is never started here.
# Chromium: the browser tests (test/e2e) drive Debian's build through playwright-core, which
# downloads no browser of its own.
set -euo pipefail

PACKAGES=(clickhouse-server clickhouse-client chromium)

missing=()
for pkg in "${PACKAGES[@]}"; do
  # dpkg-query says "install ok installed" only for a fully installed package.
  if [ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" != "install ok installed" ]; then
    missing+=("$pkg")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-test-deps: ${PACKAGES[*]} already installed"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "install-test-deps: need root to install ${missing[*]} (run this script as root)" >&2
    exit 1
  fi
else
  SUDO=()
fi

# The tests run their own servers on free ports; a system service would only hold memory and
# port 8123. Where no policy-rc.d forbids starting services already, one is put in place for the
# install (the standard Debian way) and taken away again afterwards.
POLICY=/usr/sbin/policy-rc.d
if [ ! -e "$POLICY" ]; then
  printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$POLICY" >/dev/null
  "${SUDO[@]}" chmod +x "$POLICY"
  trap '"${SUDO[@]}" rm -f "$POLICY"' EXIT
fi

echo "install-test-deps: installing ${missing[*]}"
"${SUDO[@]}" apt-get update
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
