#!/bin/bash
# Two or more AppealPress binaries on one generated site, alternating A B A B, on tmpfs: wall time,
# CPU time (user + sys) and peak RSS of each run. A benchmark, not a test: it prints figures.
#
#   Benchmarks/generate.py --procedures 100 --payers 50 --reasons 4 --seed 7 --out /var/tmp/b20k
#   Benchmarks/ab.sh /var/tmp/b20k 3 build  /path/to/old/appealpress .build/release/appealpress
#
# Mode: build (checks on), nocheck (build --no-check) or check.
set -euo pipefail
site=$1 runs=$2 mode=$3
shift 3
theme="$(cd "$(dirname "$0")/.." && pwd)/Themes/default"
for r in $(seq "$runs"); do
  for bin in "$@"; do
    out=/dev/shm/ab-out-$$-$r
    rm -rf "$out" "/dev/shm/.ab-out-$$-$r".*
    case $mode in
      build) args=(build --output "$out") ;;
      nocheck) args=(build --no-check --output "$out") ;;
      check) args=(check) ;;
      *) echo "mode is build, nocheck or check" >&2; exit 64 ;;
    esac
    load=$(cut -d' ' -f1 /proc/loadavg)
    /usr/bin/time -f "%e %U %S %M" -o /tmp/ab-time-$$ "$bin" "${args[@]}" --content "$site/appealpress" --theme "$theme" \
      --date 2026-11-29 >/dev/null 2>&1 || [ "$mode" = check ]
    read -r wall user sys rss < /tmp/ab-time-$$
    echo "$bin $mode run $r: load $load, wall ${wall} s, CPU $(echo "$user + $sys" | bc) s, peak RSS $((rss / 1024)) MiB"
    rm -rf "$out" "/dev/shm/.ab-out-$$-$r".*
  done
done
rm -f /tmp/ab-time-$$
