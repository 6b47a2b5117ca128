#!/usr/bin/env bash
# Sets up the machine if needed and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/setup.sh
swift test "$@"
