#!/usr/bin/env bash
# Sets up the machine if needed, builds the bundled Content/ into Public/, and installs the
# release binary as /usr/local/bin/appealpress (APPEALPRESS_BIN_DIR=… for another folder), so
# `appealpress …` works from anywhere. Remove it with: sudo rm /usr/local/bin/appealpress
# Extra arguments go to `appealpress build` (e.g. --date 2026-11-29 --base-url https://example.org/).
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/setup.sh
swift build -c release --product appealpress
.build/release/appealpress build --content Content --theme Themes/default --output Public "$@"

bin_dir="${APPEALPRESS_BIN_DIR:-/usr/local/bin}"
sudo=""
if [ ! -w "$bin_dir" ] && [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
if $sudo install -d "$bin_dir" && $sudo install -m 755 .build/release/appealpress "$bin_dir/appealpress"; then
  echo "Installed $("$bin_dir/appealpress" --version) as $bin_dir/appealpress (remove it with: ${sudo:+sudo }rm $bin_dir/appealpress)"
  case ":$PATH:" in
    *":$bin_dir:"*) ;;
    *) echo "note: $bin_dir is not on your PATH; add it, or run $bin_dir/appealpress" ;;
  esac
  echo "Look at the site: appealpress serve (http://127.0.0.1:1313/), or python3 -m http.server 8000 -d Public"
else
  echo "warning: could not install into $bin_dir; run .build/release/appealpress, or set APPEALPRESS_BIN_DIR to a folder you can write" >&2
fi
