#!/usr/bin/env bash
# Debian packages factcheck needs: WordNet 3.0 (`wordnet-base`, read by the engine's
# lexicon) and, for the browser tests, Chromium (driven by the `playwright` Python
# package with executable_path=/usr/bin/chromium; we never run `playwright install`).
# Usage: install-system-deps.sh [--browser]. Idempotent: does nothing when all is there.
set -euo pipefail
missing=()
[ -f /usr/share/wordnet/data.noun ] || missing+=(wordnet-base)
if [ "${1:-}" = "--browser" ]; then [ -x /usr/bin/chromium ] || missing+=(chromium); fi
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
