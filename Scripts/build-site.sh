#!/usr/bin/env bash
# Sets up the machine if needed and builds the bundled Content/ into Public/.
# Extra arguments go to `appealpress build` (e.g. --date 2026-11-29 --base-url https://example.org/).
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/setup.sh
swift build -c release --product appealpress
.build/release/appealpress build --content Content --theme Themes/default --output Public "$@"
