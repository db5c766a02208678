#!/usr/bin/env bash
# Install the Debian / Raspberry Pi OS packages glasses needs, or say exactly how to.
# Usage: scripts/system-packages.sh PACKAGE...   (idempotent: does nothing when all are present)
set -euo pipefail
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
line="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  echo "installing system packages: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $line
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  echo "installing system packages with sudo: ${missing[*]}"
  sudo DEBIAN_FRONTEND=noninteractive apt-get update -qq
  sudo DEBIAN_FRONTEND=noninteractive $line
else
  echo "glasses needs these system packages: ${missing[*]}" >&2
  echo "run:  sudo apt-get update && sudo $line" >&2
  exit 1
fi
