#!/usr/bin/env python3
"""AppealPress's hostile-input suite: runs the built `appealpress` against content, files, kills and
clients meant to break it, and checks what every user is promised (README, "What AppealPress
guarantees"):

- bad input ends with exit 1 (or 64 for bad usage) and an error located at file:line:column;
- a build that fails, or is killed at any stage (including inside the swap), leaves the previous
  output byte for byte, and a killed build's next run completes;
- no data value becomes markup, no path leaves the output folder, and nothing crashes;
- the preview survives a bounded load of good, malformed and slow clients on loopback.

Usage: Scripts/hostile.py [--bin PATH] [--quick] [--keep]
Prints one line per group and the number of cases it ran; exits 1 on any failure.
"""
import argparse
import concurrent.futures
import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURE = os.path.join(ROOT, "Tests", "Fixtures", "mini")
THEME = os.path.join(ROOT, "Themes", "default")
DATE = "2026-11-29"
LOCATED = re.compile(r"^(?P<file>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+): error: ", re.M)
# A file that is missing altogether has no line to point at.
MISSING = re.compile(r"^(?P<file>/[^:]*): error: cannot read file", re.M)
CRASH = re.compile(r"Fatal error|Stack dump|Illegal instruction|Segmentation fault|Backtrace|Current stack trace")
# How long one run may take before it counts as a hang. Not a timing assertion: the slowest
# ordinary case here takes well under a second.
HANG = 60

# Each hostile value, as YAML double-quoted text, and the raw text that must never reach a page.
VALUES = [
    ("markup", r'<script>hx1()</script>', ["<script>hx1"]),
    ("attribute", r'\"><img src=x onerror=hx2()>', ["<img src=x onerror=hx2"]),
    ("scheme", "javascript:hx3()", []),  # checked by SCHEME below
    ("traversal", "../../../../hx4", []),
    ("placeholder", "{{ site.name }}{{> footer}}{{#x}}", []),
    ("long", "A" * 6000, []),
    ("token", "%EE%80%800%EE%80%81", []),
    ("nul", r"a\0b", []),
    ("escape", r"\e[31mred\e[0m", []),
    ("bidi", "\u202ehx5\u202c", []),
    ("credentials", "https://user:hx6pw@hx6.example/", ["hx6pw@"]),
    ("protocol-relative", "//hx7.example/x", []),
    ("data-url", "data:text/html,<script>hx8()</script>", ["<script>hx8"]),
    ("url-markup", "https://hx9.example/\\\"><script>hx9()</script>", ["<script>hx9"]),
    ("empty", "", []),
]
# Values that can never load: a control character a page cannot show.
MUST_FAIL = {"nul", "escape"}
SCHEME = re.compile(r"""(?:href|src|action|formaction|content)\s*=\s*["']?\s*javascript:h[xb]3""", re.I)

failures = []
counts = {}
lock = threading.Lock()


def fail(group, case, why, detail=""):
    with lock:
        failures.append(f"[{group}] {case}: {why}" + (f"\n    {detail[:600]}" if detail else ""))


def count(group):
    with lock:
        counts[group] = counts.get(group, 0) + 1


def run(binary, args, env=None, timeout=HANG):
    environment = dict(os.environ, NO_COLOR="1")
    environment.pop("APPEALPRESS_TEST_PAUSE", None)
    if env:
        environment.update(env)
    try:
        p = subprocess.run([binary] + args, capture_output=True, text=True, errors="replace", timeout=timeout, env=environment)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return None, "", "timed out"


def tree_digest(folder):
    """Path -> SHA-256 of every file (symbolic links by target), hidden files included."""
    out = {}
    for base, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(base, name)
            rel = os.path.relpath(path, folder)
            if os.path.islink(path):
                out[rel] = "link:" + os.readlink(path)
            else:
                with open(path, "rb") as f:
                    out[rel] = hashlib.sha256(f.read()).hexdigest()
    return out


def build_args(content, output, extra=()):
    return ["build", "--content", content, "--theme", THEME, "--output", output, "--date", DATE, "--quiet", *extra]


def leaks(output, needles):
    """Raw needles found in the HTML and XML the build wrote."""
    found = []
    for base, _, files in os.walk(output):
        for name in files:
            if not name.endswith((".html", ".xml")):
                continue
            with open(os.path.join(base, name), encoding="utf-8", errors="replace") as f:
                text = f.read()
            for n in needles:
                if n in text:
                    found.append(f"{n!r} in {os.path.relpath(os.path.join(base, name), output)}")
            if SCHEME.search(text):
                found.append(f"javascript: URL in {name}")
            if "\x1b" in text or "\x00" in text:
                found.append(f"control character in {name}")
    return found


class Sandbox:
    """A scratch folder with the fixture content and its built output, copied per case."""

    def __init__(self, binary, keep):
        self.binary = binary
        self.keep = keep
        self.root = tempfile.mkdtemp(prefix="appealpress-hostile-")
        self.content = os.path.join(self.root, "content")
        shutil.copytree(FIXTURE, self.content)
        self.output = os.path.join(self.root, "built")
        status, out, err = run(binary, build_args(self.content, self.output))
        if status != 0:
            sys.exit(f"the fixture does not build: {err}")
        self.digest = tree_digest(self.output)
        self.serial = 0

    def case(self):
        with lock:
            self.serial += 1
            n = self.serial
        folder = os.path.join(self.root, f"case{n}")
        content, output = os.path.join(folder, "content"), os.path.join(folder, "out")
        shutil.copytree(self.content, content)
        shutil.copytree(self.output, output, symlinks=True)
        return folder, content, output

    def done(self, folder):
        shutil.rmtree(folder, ignore_errors=True)

    def close(self):
        if not self.keep:
            shutil.rmtree(self.root, ignore_errors=True)


def judge(sb, group, name, folder, content, output, status, err, must_fail=False, needles=(), blame=None):
    """The promises every case keeps, whatever it did."""
    count(group)
    if status is None:
        return fail(group, name, f"no answer within {HANG} s")
    if CRASH.search(err) or status < 0:
        return fail(group, name, f"crashed (status {status})", err)
    if "\x1b" in err:
        return fail(group, name, "a terminal escape reached stderr", repr(err[:200]))
    # Beside the output, AppealPress keeps its lock, the replaced output it recycles and the page
    # summaries of the last build; a staging folder while it runs. A temporary file left behind is a leak.
    outside = [e for e in os.listdir(folder) if e not in ("content", "out", "expected", ".out.previous", ".out.lock", ".out.checks")
               and not e.startswith(".out.staging-")]
    if outside:
        return fail(group, name, f"wrote outside the output folder: {outside}")
    if status == 0:
        if must_fail:
            return fail(group, name, "loaded a value that must be refused")
        found = leaks(output, needles)
        if found:
            return fail(group, name, "data became markup", "; ".join(found))
        return
    if status not in (1, 64):
        return fail(group, name, f"exit {status}, expected 0, 1 or 64", err)
    if status == 64:
        # Bad usage: the option is named, there is no file to point at.
        if not re.search(r"^error: --[a-z-]+ ", err, re.M | re.I):
            return fail(group, name, "a usage error that does not name its option", err)
        return
    located = [m for m in LOCATED.finditer(err)] + [m for m in MISSING.finditer(err)]
    if not located:
        return fail(group, name, "an error without file:line:column", err)
    if blame and not any(blame in m.group("file") for m in located):
        return fail(group, name, f"no error located in {blame}", err)
    if tree_digest(output) != sb.digest:
        return fail(group, name, "a failed build changed the output")


# MARK: Values in every string field of every file type

FIELD = re.compile(r"^(?P<lead>\s*(?:- )?[A-Za-z_][\w-]*:[ \t]+)(?P<value>[^\s{\[|>&*#].*)$")
ITEM = re.compile(r"^(?P<lead>\s*- )(?P<value>[^\s{\[|>&*#].*)$")


def field_sites(content):
    """(file, line index) of every scalar value written in block style in YAML files and front matter."""
    sites = []
    for base, _, files in os.walk(content):
        for name in sorted(files):
            path = os.path.join(base, name)
            rel = os.path.relpath(path, content)
            with open(path, encoding="utf-8") as f:
                lines = f.read().split("\n")
            if name.endswith(".md"):
                if not lines or lines[0] != "---":
                    continue
                end = lines.index("---", 1)
                span = range(1, end)
            elif name.endswith(".yaml"):
                span = range(len(lines))
            else:
                continue
            for i in span:
                if FIELD.match(lines[i]) or ITEM.match(lines[i]):
                    sites.append((rel, i))
    return sites


def value_case(sb, rel, index, kind, value, needles):
    folder, content, output = sb.case()
    path = os.path.join(content, rel)
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    m = FIELD.match(lines[index]) or ITEM.match(lines[index])
    lines[index] = m.group("lead") + '"' + value + '"'
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    status, _, err = run(sb.binary, build_args(content, output))
    judge(sb, "values", f"{rel}:{index + 1} {kind}", folder, content, output, status, err,
          must_fail=kind in MUST_FAIL, needles=needles, blame=rel if kind in MUST_FAIL else None)
    sb.done(folder)


# MARK: Markdown bodies and spreadsheet cells

# Markdown an editor (or a paste) could put in a body, and what must never come out of it raw.
BODIES = [
    ("raw script", "<script>hb1()</script>", ["<script>hb1"]),
    ("raw handler", '<img src=x onerror="hb2()">', ["onerror=\"hb2"]),
    ("javascript link", "[click](javascript:hb3())", []),
    ("javascript autolink", "<javascript:hb3()>", []),
    ("control reference", "A bell &#7; and &#x1B;[31m here.", []),
    ("forged token", "See %EE%80%800%EE%80%81 and \ue000" + "0\ue001.", []),
    ("placeholder in a link", "[x]({{ procedure.name }}:alert(1))", []),
    ("deep nesting", "> " * 5000 + "deep", []),
    ("many links", " ".join(f"[l{i}](/x{i}/)" for i in range(3000)), []),
]


def body_case(sb, rel, kind, markdown, needles):
    folder, content, output = sb.case()
    path = os.path.join(content, rel)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.rstrip("\n") + "\n\n" + markdown + "\n")
    status, _, err = run(sb.binary, build_args(content, output))
    judge(sb, "bodies", f"{rel} {kind}", folder, content, output, status, err, needles=needles)
    sb.done(folder)


def csv_cell(text):
    return '"' + text.replace('"', '""') + '"'


def spreadsheet_case(sb, column, kind, value, needles):
    """A procedure moved from its Markdown file into procedures/procedures.csv, one cell hostile."""
    folder, content, output = sb.case()
    os.remove(os.path.join(content, "procedures", "lumbar-mri.md"))
    row = {"slug": "lumbar-mri", "name": "Lumbar spine MRI", "short_name": "lumbar MRI", "body": "An MRI of the lower back."}
    row[column] = value
    with open(os.path.join(content, "procedures", "procedures.csv"), "w", encoding="utf-8", newline="") as f:
        f.write(",".join(row) + "\r\n" + ",".join(csv_cell(v) for v in row.values()) + "\r\n")
    status, _, err = run(sb.binary, build_args(content, output))
    judge(sb, "csv", f"{column} {kind}", folder, content, output, status, err, must_fail=kind in MUST_FAIL, needles=needles,
          blame="procedures.csv" if kind in MUST_FAIL else None)
    sb.done(folder)


# MARK: Whole files: empty, malformed, missing, not text

def file_cases(sb):
    cases = []
    files = []
    for base, _, names in os.walk(sb.content):
        for name in sorted(names):
            files.append(os.path.relpath(os.path.join(base, name), sb.content))
    for rel in files:
        with open(os.path.join(sb.content, rel), "rb") as f:
            original = f.read()
        yaml = rel.endswith(".yaml")
        cases += [
            (rel, "empty", b"", yaml),
            (rel, "blank", b"\n\n   \n", yaml),
            (rel, "comment only", b"# nothing here\n", yaml),
            (rel, "empty front matter", b"---\n---\nBody.\n", yaml),
            (rel, "cut in half", original[: len(original) // 2], False),
            (rel, "invalid UTF-8", original[:5] + b"\xff\xfe" + original[5:], True),
            (rel, "NUL bytes", original + b"\x00\x00", True),
            (rel, "unclosed front matter", b"---\nname: x\n", rel.endswith(".md")),
            (rel, "tab indentation", original.replace(b"\n  ", b"\n\t"), False),
        ]
    for rel in ["site.yaml", "matrix.yaml", "offers.yaml"]:
        cases.append((rel, "missing", None, True))
    return cases


def file_case(sb, rel, kind, data, must_fail):
    folder, content, output = sb.case()
    path = os.path.join(content, rel)
    if data is None:
        os.remove(path)
    else:
        with open(path, "wb") as f:
            f.write(data)
    status, _, err = run(sb.binary, build_args(content, output))
    judge(sb, "files", f"{rel} {kind}", folder, content, output, status, err, must_fail=must_fail,
          blame=rel if must_fail else None)
    sb.done(folder)


# MARK: YAML bombs and sizes

def bomb_cases():
    laughs = "x0: &a0 [v, v, v, v, v, v, v, v, v, v]\n" + "".join(
        f"x{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 10))
    chain = "k0: &k0 {v: 1}\n" + "".join(f"k{i}: &k{i} {{l: *k{i - 1}, r: *k{i - 1}}}\n" for i in range(1, 40)) + "? *k39\n: 1\n"
    return [
        ("billion laughs", laughs),
        ("alias key over a chain", chain),
        ("deep flow nesting", "deep: " + "[" * 20000 + "]" * 20000 + "\n"),
        ("deep block nesting", "".join("  " * i + f"k{i}:\n" for i in range(3000)) + "  " * 3000 + "v\n"),
        ("undefined alias", "x: *nowhere\n"),
        ("recursive anchor", "x: &r [*r]\n"),
        ("many keys", "".join(f"key{i}: {i}\n" for i in range(20000))),
        ("one long line", "tagline: " + "word " * 200000 + "\n"),
        ("binary tag", "tagline: !!binary aGVsbG8=\n"),
        ("merge key", "base: &b {name: x}\nother:\n  <<: *b\n"),
    ]


def bomb_case(sb, kind, yaml, target):
    folder, content, output = sb.case()
    path = os.path.join(content, target)
    with open(path, encoding="utf-8") as f:
        original = f.read()
    with open(path, "w", encoding="utf-8") as f:
        f.write(yaml + original)
    status, _, err = run(sb.binary, build_args(content, output))
    judge(sb, "yaml", f"{target} {kind}", folder, content, output, status, err, must_fail=True, blame=target)
    sb.done(folder)


# MARK: Paths that try to leave their folder

def traversal_case(sb, kind):
    folder, content, output = sb.case()
    args = build_args(content, output)
    must_fail = True
    blame = None
    if kind == "url pattern ..":
        edit(content, "matrix.yaml", "url: /{{ procedure.slug }}/", "url: /../../{{ procedure.slug }}/")
        blame = "matrix.yaml"
    elif kind == "url pattern %2e%2e":
        edit(content, "matrix.yaml", "url: /{{ procedure.slug }}/", "url: /%2e%2e/{{ procedure.slug }}/")
        blame = "matrix.yaml"
    elif kind == "url pattern hidden folder":
        edit(content, "matrix.yaml", "url: /{{ procedure.slug }}/", "url: /.git/{{ procedure.slug }}/")
        blame = "matrix.yaml"
    elif kind == "slug with dots":
        os.rename(os.path.join(content, "procedures", "kyphoplasty.md"), os.path.join(content, "procedures", "..kyphoplasty.md"))
    elif kind == "content symlink out":
        os.symlink("/etc/hostname", os.path.join(content, "procedures", "hostname.md"))
    elif kind == "redirect out":
        with open(os.path.join(content, "redirects.yaml"), "w") as f:
            f.write("redirects:\n  - from: /../../../hx-out/\n    to: /kyphoplasty/\n")
        blame = "redirects.yaml"
    elif kind == "output is /":
        args = build_args(content, "/")
    elif kind == "output is a foreign folder":
        foreign = os.path.join(folder, "out")
        shutil.rmtree(foreign)
        os.makedirs(foreign)
        with open(os.path.join(foreign, "precious.txt"), "w") as f:
            f.write("keep me")
        status, _, err = run(sb.binary, args)
        count("traversal")
        if status in (0, None) or not os.path.exists(os.path.join(foreign, "precious.txt")):
            fail("traversal", kind, "a folder AppealPress did not make was replaced", err)
        sb.done(folder)
        return
    elif kind == "base URL with ..":
        args = build_args(content, output, ["--base-url", "https://hx.example/../x/"])
        must_fail = False
    status, _, err = run(sb.binary, args)
    if kind == "output is /":
        count("traversal")
        if status in (0, None) or CRASH.search(err):
            fail("traversal", kind, f"exit {status}", err)
    else:
        judge(sb, "traversal", kind, folder, content, output, status, err, must_fail=must_fail, blame=blame)
    sb.done(folder)


def edit(content, rel, old, new):
    path = os.path.join(content, rel)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    assert old in text, (rel, old)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(old, new, 1))


# MARK: Kills at every stage of a build

def kill_case(sb, point, delay=None):
    folder, content, output = sb.case()
    edit(content, "procedures/kyphoplasty.md", "name: Kyphoplasty", "name: Kyphoplasty (edited)")
    # The output the edit makes, built apart, to compare with.
    expected = os.path.join(folder, "expected")
    shutil.copytree(sb.output, expected, symlinks=True)
    status, _, err = run(sb.binary, build_args(content, expected))
    new_digest = tree_digest(expected)
    environment = dict(os.environ, NO_COLOR="1")
    if point:
        environment["APPEALPRESS_TEST_PAUSE"] = point
    p = subprocess.Popen([sb.binary] + build_args(content, output), stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=environment)
    name = point or f"after {delay:.2f} s"
    if point:
        line = b""
        deadline = time.time() + HANG
        while time.time() < deadline and b"paused at" not in line:
            line = p.stderr.readline()
            if not line and p.poll() is not None:
                break
        if b"paused at" not in line:
            p.kill()
            count("kills")
            fail("kills", name, "never reached the pause point")
            sb.done(folder)
            return
    else:
        time.sleep(delay)
    p.send_signal(signal.SIGKILL)
    p.wait()
    p.stderr.close()
    count("kills")
    left = tree_digest(output) if os.path.isdir(output) else None
    if left not in (sb.digest, new_digest):
        fail("kills", name, "a killed build left neither the old output nor the new one",
             "missing output" if left is None else "")
    status, _, err = run(sb.binary, build_args(content, output))
    if status != 0 or tree_digest(output) != new_digest:
        fail("kills", name, f"the build after the kill did not complete the new output (exit {status})", err)
    sb.done(folder)


# MARK: The preview under load

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port, raw, timeout=10):
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(raw)
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    return data


def preview(sb, quick):
    port = free_port()
    p = subprocess.Popen([sb.binary, "serve", "--content", sb.content, "--theme", THEME, "--date", DATE, "--port", str(port)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=dict(os.environ, NO_COLOR="1"))
    try:
        deadline = time.time() + HANG
        while time.time() < deadline:
            try:
                if request(port, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").startswith(b"HTTP/1.1 200"):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            count("preview")
            return fail("preview", "start", "the preview never answered")
        pages = ["/", "/kyphoplasty/", "/kyphoplasty/medicare/medical-necessity/", "/sitemap.xml", "/nowhere/"]
        hostile = [
            (b"GET /../../../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "traversal"),
            (b"GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "encoded traversal"),
            (b"GET /%00 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "NUL"),
            ("GET / HTTP/1.1\r\nHost: 127.0.0.\u0661\r\n\r\n".encode(), "Arabic-Indic digit host"),
            (b"GET / HTTP/1.1\r\nHost: " + b"a" * 70000 + b"\r\n\r\n", "huge header"),
            (b"BREW /pot HTCPCP/1.0\r\n\r\n", "bad method"),
            (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", "TLS hello"),
            (b"GET / HTTP/1.1\r\n" + b"X: y\r\n" * 5000 + b"\r\n", "many headers"),
            (b"GET /" + b"a/" * 20000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "long path"),
        ]
        for raw, name in hostile:
            count("preview")
            try:
                answer = request(port, raw)
            except OSError:
                answer = b""
            if b"root:" in answer:
                fail("preview", name, "served a file from outside the site")
            if answer and not re.match(rb"HTTP/1\.1 [2345]\d\d ", answer):
                fail("preview", name, "answered with something other than an HTTP response", repr(answer[:80]))

        # Slow clients, each dripping a byte at a time, beside the load.
        slow = []
        for _ in range(8):
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(b"GET / HT")
            slow.append(s)

        total = 200 if quick else 1000
        errors = []

        def one(i):
            path = pages[i % len(pages)]
            try:
                answer = request(port, f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
                status = answer[9:12]
                if status not in (b"200", b"404", b"503"):
                    errors.append(f"{path}: {answer[:40]!r}")
            except OSError as e:
                errors.append(f"{path}: {e}")

        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            list(pool.map(one, range(total)))
        for s in slow:
            s.close()
        count("preview")
        if errors:
            fail("preview", f"{total} requests at concurrency 16", f"{len(errors)} failed", "; ".join(errors[:5]))
        count("preview")
        if p.poll() is not None:
            fail("preview", "after the load", f"the preview stopped (exit {p.returncode})", p.stderr.read().decode(errors="replace"))
        elif not request(port, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").startswith(b"HTTP/1.1 200"):
            fail("preview", "after the load", "the home page no longer answers 200")
    finally:
        p.terminate()
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", default=None, help="the appealpress executable (default: the debug build)")
    parser.add_argument("--quick", action="store_true", help="one hostile value in three, fewer requests")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args()
    binary = args.bin or os.path.join(ROOT, ".build", "debug", "appealpress")
    if not os.access(binary, os.X_OK):
        sys.exit(f"{binary} is not built: run `swift build` first")
    started = time.time()
    sb = Sandbox(binary, args.keep)
    try:
        jobs = []
        values = VALUES[::3] + [v for v in VALUES if v[0] in MUST_FAIL] if args.quick else VALUES
        for rel, index in field_sites(sb.content):
            for kind, value, needles in values:
                jobs.append((value_case, (sb, rel, index, kind, value, needles)))
        for base, _, names in os.walk(sb.content):
            for name in sorted(names):
                if name.endswith(".md"):
                    for kind, markdown, needles in (BODIES[::2] if args.quick else BODIES):
                        jobs.append((body_case, (sb, os.path.relpath(os.path.join(base, name), sb.content), kind, markdown, needles)))
        for column in ["name", "short_name", "body"]:
            for kind, value, needles in values:
                if kind in MUST_FAIL:
                    value = value.replace("\\0", "\x00").replace("\\e", "\x1b")
                jobs.append((spreadsheet_case, (sb, column, kind, value, needles)))
        for rel, kind, data, must_fail in file_cases(sb):
            jobs.append((file_case, (sb, rel, kind, data, must_fail)))
        for target in ["site.yaml", "offers.yaml", "policies/original-medicare.yaml"]:
            for kind, yaml in bomb_cases():
                jobs.append((bomb_case, (sb, kind, yaml, target)))
        for kind in ["url pattern ..", "url pattern %2e%2e", "url pattern hidden folder", "slug with dots",
                     "content symlink out", "redirect out", "output is /", "output is a foreign folder", "base URL with .."]:
            jobs.append((traversal_case, (sb, kind)))
        with concurrent.futures.ThreadPoolExecutor(max(2, os.cpu_count() or 2)) as pool:
            for f in [pool.submit(fn, *a) for fn, a in jobs]:
                f.result()
        # Kills run one at a time: each waits for its build to reach a point.
        for point in ["planned", "writing:1", "writing:4", "swap", "exchanged"]:
            kill_case(sb, point)
        for delay in ([0.05, 0.2] if args.quick else [0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5]):
            kill_case(sb, None, delay)
        preview(sb, args.quick)
    finally:
        sb.close()
    total = sum(counts.values())
    for group in ["values", "bodies", "csv", "files", "yaml", "traversal", "kills", "preview"]:
        print(f"  {group:<10} {counts.get(group, 0):>5} cases")
    for f in failures:
        print("FAIL " + f)
    print(f"hostile-input suite: {total} cases, {len(failures)} failed, {time.time() - started:.0f} s")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
