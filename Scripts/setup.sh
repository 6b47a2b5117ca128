#!/usr/bin/env bash
# Installs the system libraries AppealPress links against (cmark-gfm), if they are missing.
set -euo pipefail
"$(dirname "$0")/install-packages.sh" libcmark-gfm-dev libcmark-gfm-extensions-dev pkg-config
command -v swift >/dev/null || {
  echo "error: Swift 6 is required (swift not found on PATH)." >&2
  echo "  On Debian: install Swift 6 from https://www.swift.org/install/linux/ (the Debian 12 toolchain or" >&2
  echo "  the swiftly installer), check that \`swift --version\` prints 6.x, then run this script again." >&2
  exit 1
}
