#!/usr/bin/env bash
# Installs the system libraries AppealPress links against (cmark-gfm), if they are missing.
set -euo pipefail
packages=(libcmark-gfm-dev libcmark-gfm-extensions-dev pkg-config)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} ..."
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi
command -v swift >/dev/null || {
  echo "error: Swift 6 is required (swift not found on PATH)." >&2
  echo "  On Debian: install Swift 6 from https://www.swift.org/install/linux/ (the Debian 12 toolchain or" >&2
  echo "  the swiftly installer), check that \`swift --version\` prints 6.x, then run this script again." >&2
  exit 1
}
