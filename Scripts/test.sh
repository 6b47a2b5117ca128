#!/usr/bin/env bash
# Sets up the machine if needed, runs the whole test suite (the Swift tests end with one line
# that counts them, "tests: N passed, N failed"), the hostile-input suite, then checks the bundled
# site in a real browser (Scripts/browser-check.sh). APPEALPRESS_SKIP_BROWSER=1 skips the browser check.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/setup.sh
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
swift test "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
total=$(sed -nE 's/.*Test run with ([0-9]+) tests? .*/\1/p' "$log" | tail -1)
failed=$(grep -E '^✘ Test .* failed after' "$log" | grep -vc '^✘ Test run with' || true)
if [ -n "$total" ]; then
  echo
  echo "tests: $((total - failed)) passed, $failed failed"
fi
[ "$status" -eq 0 ] || exit "$status"
# With no arguments (CI, and the README's command): the hostile-input suite against the built binary.
# `Scripts/hostile.py` without --quick puts every hostile value in every field (about 3x the cases).
if [ $# -eq 0 ]; then
  python3 Scripts/hostile.py --quick --bin "$(swift build --show-bin-path)/appealpress"
fi
if [ "${APPEALPRESS_SKIP_BROWSER:-0}" != "1" ]; then
  Scripts/browser-check.sh
fi
