#!/usr/bin/env python3
"""Benchmark for `appealpress check` at scale (not a test: it prints figures and never fails on timing).

Makes a larger copy of the bundled Content/ by cloning every procedure K times (each clone with its
own slug and name, and clones of its cell-specific `angle` fragments), then times `check` on it.
Clones of a procedure read almost the same, so the near-duplicate detection gets real work.

    swift build -c release --product appealpress
    Scripts/bench-check.py --copies 94        # about 100,000 pages
    BENCH_ONLY_GENERATE=1 Scripts/bench-check.py --copies 40 --keep   # only write the content, print its folder
"""
import argparse, os, re, shutil, subprocess, sys, tempfile, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
parser = argparse.ArgumentParser()
parser.add_argument("--copies", type=int, default=19, help="copies of each procedure (1,068 pages per copy)")
parser.add_argument("--binary", default=os.path.join(root, ".build/release/appealpress"))
parser.add_argument("--keep", action="store_true", help="keep the generated content folder")
args = parser.parse_args()

work = tempfile.mkdtemp(prefix="appealpress-bench-")
content = os.path.join(work, "Content")
shutil.copytree(os.path.join(root, "Content"), content)
procedures = sorted(f[:-3] for f in os.listdir(os.path.join(content, "procedures")) if f.endswith(".md"))
angles = os.path.join(content, "sections", "angles")
for k in range(2, args.copies + 1):
    for slug in procedures:
        text = open(os.path.join(content, "procedures", slug + ".md")).read()
        text = re.sub(r"^name: (.*)$", lambda m: f"name: {m.group(1)} ({k})", text, count=1, flags=re.M)
        open(os.path.join(content, "procedures", f"{slug}-v{k}.md"), "w").write(text)
    for f in os.listdir(angles):
        if not f.endswith(".md") or "-v" in f:
            continue
        text = open(os.path.join(angles, f)).read()
        m = re.search(r"procedure: ([a-z0-9-]+)", text)
        if not m or m.group(1) not in procedures:
            continue
        text = text.replace("procedure: " + m.group(1), f"procedure: {m.group(1)}-v{k}", 1)
        open(os.path.join(angles, f[:-3] + f"-v{k}.md"), "w").write(text)
# Exclusions name procedures by slug; extend them to the clones.
def clones(names):
    return names + [f"{n}-v{k}" for n in names for k in range(2, args.copies + 1)]
matrix = open(os.path.join(content, "matrix.yaml")).read()
matrix = re.sub(r"procedure: \[([^\]]*)\]", lambda m: "procedure: [" + ", ".join(clones([n.strip() for n in m.group(1).split(",")])) + "]", matrix)
matrix = re.sub(r"procedure: ([a-z0-9-]+)(?=[ ,}])", lambda m: "procedure: [" + ", ".join(clones([m.group(1)])) + "]", matrix)
open(os.path.join(content, "matrix.yaml"), "w").write(matrix)

def run(*extra):
    start = time.time()
    p = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", args.binary, *extra, "--content", content,
                        "--theme", os.path.join(root, "Themes/default"), "--date", "2026-11-29"], capture_output=True, text=True)
    wall = time.time() - start
    user, system, rss = p.stderr.strip().split("\n")[-1].split()
    return p, wall, float(user) + float(system), int(rss) // 1024

if os.environ.get("BENCH_ONLY_GENERATE"):
    print(content); sys.exit(0)
p, wall, cpu, rss = run("check")
summary = [l for l in p.stdout.split("\n") if l.startswith("Checked")]
print(summary[0] if summary else p.stdout[-2000:] + p.stderr[-2000:])
print(f"check: {wall:.1f} s wall, {cpu:.1f} s CPU, {rss} MB peak memory")
if args.keep:
    print("content kept in", content)
else:
    shutil.rmtree(work)
