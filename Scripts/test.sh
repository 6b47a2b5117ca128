#!/usr/bin/env bash
# Sets up the machine if needed and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/setup.sh
swift test "$@"
# With no arguments (CI, and the README's command): the hostile-input suite against the built binary.
# `Scripts/hostile.py` without --quick puts every hostile value in every field (about 3x the cases).
if [ $# -eq 0 ]; then
  python3 Scripts/hostile.py --quick --bin "$(swift build --show-bin-path)/appealpress"
fi
