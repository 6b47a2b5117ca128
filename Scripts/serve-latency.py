#!/usr/bin/env python3
"""Measures edit-to-reload latency of `appealpress serve`, as a browser sees it.

Starts the preview on a copy of the content (the real Content/ is never touched), listens to the
live-reload event stream like an open tab, then repeatedly edits one fragment and times:

  event   save → the `reload` event reaches the tab (watcher + validate + plan + event)
  page    save → the edited page's HTML has arrived with the edit (what the tab then shows)

The browser's own paint (a few ms) is not included. A benchmark, not a test: it prints figures
and fails only when something does not work. Standard library only.

    swift build -c release --product appealpress
    python3 Scripts/serve-latency.py                 # 20 edits of an angle fragment
    python3 Scripts/serve-latency.py --binary .build/debug/appealpress --runs 5
"""
import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def read_event(sock, buffer):
    """Returns (name, data, rest of buffer) of the next event with data."""
    while True:
        if b"\n\n" in buffer:
            block, buffer = buffer.split(b"\n\n", 1)
            name, data = "message", []
            for line in block.decode().split("\n"):
                if line.startswith("event: "):
                    name = line[7:]
                elif line.startswith("data: "):
                    data.append(line[6:])
            if data:
                return name, "\n".join(data), buffer
            continue
        chunk = sock.recv(65536)
        if not chunk:
            raise RuntimeError("event stream closed")
        buffer += chunk


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/appealpress"))
    parser.add_argument("--content", default=os.path.join(ROOT, "Content"))
    parser.add_argument("--theme", default=os.path.join(ROOT, "Themes/default"))
    parser.add_argument("--file", default="sections/angles/kyphoplasty--medicare.md", help="fragment to edit, under the content folder")
    parser.add_argument("--page", default="/kyphoplasty/medicare/medical-necessity/", help="a page that shows that fragment")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    if not os.access(args.binary, os.X_OK):
        sys.exit(f"{args.binary} not found: run `swift build -c release --product appealpress` first")

    work = tempfile.mkdtemp(prefix="appealpress-latency-")
    content = os.path.join(work, "Content")
    shutil.copytree(args.content, content)
    target = os.path.join(content, args.file)
    original = open(target, encoding="utf-8").read()
    # Warnings go to a file: a pipe nobody reads fills after a dozen rebuilds and blocks the server.
    errors = open(os.path.join(work, "serve-stderr.txt"), "w+", encoding="utf-8")
    server = subprocess.Popen([args.binary, "serve", "--content", content, "--theme", args.theme, "--port", "0", "--date", "2026-11-29"],
                              stdout=subprocess.PIPE, stderr=errors, text=True)
    try:
        port = None
        deadline = time.time() + 60
        while port is None and time.time() < deadline:
            line = server.stdout.readline()
            if not line:
                errors.seek(0)
                sys.exit("serve stopped: " + errors.read())
            print("serve: " + line.rstrip())
            found = re.search(r"Serving http://127\.0\.0\.1:(\d+)/", line)
            if found:
                port = int(found.group(1))
        if port is None:
            sys.exit("serve did not start within 60 s")
        # Keep reading its output, for the same reason as the warnings' file.
        threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()

        events = socket.create_connection(("127.0.0.1", port), timeout=30)
        events.sendall(b"GET /__appealpress/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        buffer = b""
        while b"\r\n\r\n" not in buffer:
            buffer += events.recv(65536)
        buffer = buffer.split(b"\r\n\r\n", 1)[1]
        name, data, buffer = read_event(events, buffer)
        assert name == "hello", name

        event_ms, page_ms, plan_ms = [], [], []
        for run in range(args.runs):
            time.sleep(0.4)  # let the watcher see a quiet folder, as between two real saves
            # Events of the last edit still unread (a second rebuild when the watcher saw the
            # temporary file before the rename, the checks' event) are not this edit's.
            events.setblocking(False)
            try:
                while events.recv(65536):
                    pass
            except BlockingIOError:
                pass
            events.setblocking(True)
            events.settimeout(30)
            buffer = b""
            marker = f"Latency marker {run} {time.time_ns()}."
            temporary = target + ".saving"
            with open(temporary, "w", encoding="utf-8") as f:
                f.write(original.rstrip("\n") + "\n\n" + marker + "\n")
            start = time.perf_counter()
            os.replace(temporary, target)  # an editor's atomic save
            while True:
                name, data, buffer = read_event(events, buffer)
                # A rebuild that saw only the temporary file is not the one of the edit.
                if name == "reload" and target in json.loads(data).get("changed", []):
                    break
            got_event = time.perf_counter()
            if '"ok":true' not in data:
                sys.exit("rebuild failed: " + data)
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", args.page)
            body = connection.getresponse().read().decode()
            got_page = time.perf_counter()
            if marker not in body:
                sys.exit(f"{args.page} does not show the edit to {args.file}")
            event_ms.append((got_event - start) * 1000)
            page_ms.append((got_page - start) * 1000)
            plan_ms.append(float(re.search(r'"seconds":([0-9.]+)', data).group(1)) * 1000)
            print(f"edit {run + 1:2}: event {event_ms[-1]:6.0f} ms   page {page_ms[-1]:6.0f} ms   (validate + plan {plan_ms[-1]:4.0f} ms)")

        def summary(label, values):
            ordered = sorted(values)
            p90 = ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))]
            print(f"{label:<26} median {statistics.median(values):5.0f} ms   p90 {p90:5.0f} ms   max {max(values):5.0f} ms")

        print(f"\n{args.runs} edits of {args.file}, {os.path.basename(args.binary)} at {args.binary}:")
        summary("save → reload event", event_ms)
        summary("save → edited page", page_ms)
        summary("validate + plan (server)", plan_ms)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
