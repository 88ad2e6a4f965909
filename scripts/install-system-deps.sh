#!/usr/bin/env bash
# Debian packages the test suite needs: Chromium for the browser tests (driven by the
# `playwright` Python package with executable_path=/usr/bin/chromium; we never run
# `playwright install`). Idempotent: does nothing when everything is there.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-system-deps: need root (or sudo) to apt-get install ${missing[*]}" >&2; exit 1
  fi
fi
echo "install-system-deps: apt-get install ${missing[*]}"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
