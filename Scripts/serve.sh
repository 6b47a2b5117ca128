#!/usr/bin/env bash
# Sets up the machine if needed and previews the bundled Content/ with live reload at
# http://127.0.0.1:1313/. Extra arguments go to `appealpress serve` (e.g. --port 8080 --date 2026-11-29).
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/setup.sh
swift build -c release --product appealpress
exec .build/release/appealpress serve --content Content --theme Themes/default "$@"
