#!/usr/bin/env bash
# Sets up the machine if needed, runs the whole test suite, then checks the bundled site in a real
# browser (Scripts/browser-check.sh). APPEALPRESS_SKIP_BROWSER=1 skips the browser check.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/setup.sh
swift test "$@"
if [ "${APPEALPRESS_SKIP_BROWSER:-0}" != "1" ]; then
  Scripts/browser-check.sh
fi
