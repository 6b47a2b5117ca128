#!/usr/bin/env python3
"""Checks the built sample site in a real browser: axe-core and the Nu HTML Checker on one page of
every kind, at 1280 px and 390 px, light and dark; prints each page's height at 390 px and where its
advice and its offer start; saves the screenshots (see --shots, named in the README).

Run by Scripts/browser-check.sh, which installs what it needs. Exits 1 on any axe violation or Nu
error, naming the rule, the page and the element.

    python3 Scripts/browser-check.py --site DIR [--report FILE] [--shots DIR] [--axe axe.min.js] [--vnu vnu.jar]
"""
import argparse
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

# One page of every kind the sample site has, by site path (the report is copied in as /__report/).
PAGES = [
    ("home", "/"),
    ("index-procedures", "/procedures/"),
    ("index-payers", "/payers/"),
    ("index-reasons", "/reasons/"),
    ("hub-procedure", "/procedures/kyphoplasty/"),
    ("hub-payer", "/payers/medicare/"),
    ("hub-reason", "/reasons/medical-necessity/"),
    ("guided-hub", "/procedures/kyphoplasty/medicare/"),
    ("cell-full", "/kyphoplasty/medicare/medical-necessity/"),
    ("cell-thin", "/kyphoplasty/aetna/not-covered/"),
    ("standalone", "/about/"),
    ("not-found", "/404.html"),
    ("report", "/__report/"),
    # The Spanish edition: its home, a hub and a full cell page.
    ("es-home", "/es/"),
    ("es-hub-procedure", "/es/procedures/kyphoplasty/"),
    ("es-cell-full", "/es/kyphoplasty/medicare/medical-necessity/"),
]
WIDTHS = [1280, 390]
SCHEMES = ["light", "dark"]
SCREEN = 844  # one phone screen (iPhone 12-15 class), for "within the first 3 screens"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# Where the page's own advice and the offer start (the first element found of each list).
ADVICE = ["#advice", ".guided", ".browse", ".prose"]
OFFER = [".offer-note", ".cta"]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(root):
    handler = functools.partial(Quiet, directory=root)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def browser(chromedriver):
    options = Options()
    for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                "--force-device-scale-factor=1", "--window-size=1280,900"]:
        options.add_argument(arg)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium:
        options.binary_location = chromium
    # Selenium Manager must never download a browser or a driver: both come from Debian.
    return webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)


def set_view(driver, width, scheme):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": SCREEN if width < 600 else 900, "deviceScaleFactor": 1, "mobile": width < 600})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "screen", "features": [{"name": "prefers-color-scheme", "value": scheme}]})


def measure(driver):
    return driver.execute_script("""
        const top = list => { for (const sel of [].concat(list)) { const e = document.querySelector(sel);
                                  if (e) return Math.round(e.getBoundingClientRect().top + scrollY); } return null; };
        return { height: document.documentElement.scrollHeight, advice: top(arguments[0]), offer: top(arguments[1]),
                 fullOffer: top('#offer'), width: document.documentElement.scrollWidth };
    """, ADVICE, OFFER)


def screenshot(driver, path, width, height):
    import base64
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": min(height, 16000), "scale": 1}})
    with open(path, "wb") as f:
        f.write(base64.b64decode(shot["data"]))


def run_axe(driver, axe_source):
    driver.execute_script(axe_source)
    driver.set_script_timeout(120)
    return driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        axe.run(document, { runOnly: { type: 'tag', values: arguments[0] }, resultTypes: ['violations'] })
           .then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                 nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').split('\\n').slice(0, 2).join(' ')) }))))
           .catch(e => done([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }]));
    """, AXE_TAGS)


def page_file(site, path):
    if path.endswith("/"):
        return os.path.join(site, path.lstrip("/"), "index.html")
    return os.path.join(site, path.lstrip("/"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--site", required=True, help="a built site (its copy gets the report as /__report/)")
    ap.add_argument("--report", help="the report.html to check as the report page")
    ap.add_argument("--shots", default=".build/browser-check/screenshots")
    ap.add_argument("--axe", required=True)
    ap.add_argument("--vnu", required=True)
    ap.add_argument("--chromedriver", default=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    args = ap.parse_args()

    pages = [p for p in PAGES if p[0] != "report" or args.report]
    if args.report:
        os.makedirs(os.path.join(args.site, "__report"), exist_ok=True)
        shutil.copy(args.report, os.path.join(args.site, "__report", "index.html"))
    missing = [path for _, path in pages if not os.path.exists(page_file(args.site, path))]
    if missing:
        print("browser-check: pages missing from the build: " + ", ".join(missing), file=sys.stderr)
        return 1
    os.makedirs(args.shots, exist_ok=True)
    axe_source = open(args.axe, encoding="utf-8").read()
    failures = []

    # Nu HTML Checker on the same files, all at once (one JVM start).
    files = [page_file(args.site, path) for _, path in pages]
    nu = subprocess.run(["java", "-jar", args.vnu, "--errors-only", "--format", "json"] + files, capture_output=True, text=True)
    messages = json.loads(nu.stderr or nu.stdout or '{"messages": []}').get("messages", [])
    by_file = {os.path.abspath(f): name for (name, _), f in zip(pages, files)}
    for m in messages:
        if m.get("type") in ("error", "non-document-error") or m.get("subType") == "fatal":
            url = m.get("url", "")
            name = by_file.get(os.path.abspath(url.replace("file:", "", 1)), url)
            failures.append(f"vnu: {name}: line {m.get('lastLine', '?')}: {m.get('message', '')}")
    print(f"Nu HTML Checker: {len(files)} pages, {sum(1 for f in failures if f.startswith('vnu'))} errors")

    server = serve(args.site)
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    driver = browser(args.chromedriver)
    rows = []
    try:
        for width in WIDTHS:
            for scheme in SCHEMES:
                set_view(driver, width, scheme)
                for name, path in pages:
                    driver.get(origin + path)
                    figures = measure(driver)
                    if width == 390 and scheme == "light":
                        rows.append((name, path, figures))
                    if figures["width"] > width + 1:
                        failures.append(f"layout: {name} ({path}) is {figures['width']} px wide at {width} px")
                    screenshot(driver, os.path.join(args.shots, f"{name}-{width}-{scheme}.png"), width, figures["height"])
                    for v in run_axe(driver, axe_source):
                        for node in v["nodes"] or ["(page)"]:
                            failures.append(f"axe: {v['id']} ({v['impact']}) on {name} {path} at {width} px {scheme}: {v['help']}: {node}")
    finally:
        driver.quit()
        server.shutdown()

    print(f"\nAt 390 px (one screen = {SCREEN} px): page height, and where the advice and the offer start")
    print(f"{'page':18} {'height':>8} {'screens':>8} {'advice':>8} {'offer':>8} {'full offer':>11}  path")
    for name, path, f in rows:
        screens = f"{f['height'] / SCREEN:.1f}"
        fmt = lambda v: "-" if v is None else str(v)
        print(f"{name:18} {f['height']:>8} {screens:>8} {fmt(f['advice']):>8} {fmt(f['offer']):>8} {fmt(f['fullOffer']):>11}  {path}")
    print(f"\nScreenshots: {args.shots}/ ({len(pages) * len(WIDTHS) * len(SCHEMES)} files)")
    if failures:
        print(f"\n{len(failures)} problems:", file=sys.stderr)
        for f in failures:
            print("  " + f, file=sys.stderr)
        return 1
    print(f"axe-core ({', '.join(AXE_TAGS)}): 0 violations on {len(pages)} pages × {len(WIDTHS)} widths × {len(SCHEMES)} colour schemes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
