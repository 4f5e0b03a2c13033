#!/usr/bin/env bash
# Installs Debian's Chromium for the HTML report's browser test, if it is not there yet. Idempotent.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  echo "== chromium: $(chromium --version 2>/dev/null | head -1)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
echo "== chromium: $(chromium --version 2>/dev/null | head -1)"
