#!/usr/bin/env python3
"""Flesch-Kincaid grade level and Flesch reading ease of built pages.

Reads every page's <article class="guide"> (the guide itself: no navigation, related links or
footer) under a build output folder, and prints the figures for the whole site and for the files
of each kind of section, so a content change can be measured before and after:

    swift run appealpress build --date 2026-11-29 --output /tmp/site
    python3 Scripts/readability.py /tmp/site            # --worst N lists the hardest pages

Syllables are counted with a vowel-group rule (a silent final "e" dropped, "-le" kept), the usual
approximation; the absolute grade can differ by about half a grade from other tools, but the same
script before and after a change compares like with like. Headings, table cells and list items
count as sentences, since readers take them one at a time; blocks of fewer than four words (labels
such as "Deadline to appeal", tags, figures) are left out, so they do not flatter the score.
"""
import argparse
import html
import os
import re
import sys
from html.parser import HTMLParser

BLOCK = {"p", "li", "h1", "h2", "h3", "h4", "td", "th", "dt", "dd", "caption", "figcaption"}


class GuideText(HTMLParser):
    """Collects the text of <article class="guide">, one string per block element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.blocks = []
        self.current = []

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            if tag == "article" and "guide" in (dict(attrs).get("class") or "").split():
                self.depth = 1
            return
        if tag == "article":
            self.depth += 1
        if tag in BLOCK:
            self.flush()

    def handle_endtag(self, tag):
        if self.depth == 0:
            return
        if tag in BLOCK:
            self.flush()
        if tag == "article":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.current.append(data)

    def flush(self):
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(text)
        self.current = []


WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")


def syllables(word):
    w = word.lower().strip("'’-")
    if not w or w[0].isdigit():
        return 1
    groups = re.findall(r"[aeiouy]+", w)
    n = len(groups)
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and n > 1:
        n -= 1
    return max(n, 1)


def sentences(block):
    parts = [p for p in re.split(r"(?<=[.!?:;])\s+", block) if WORD.search(p)]
    return parts or []


def score(blocks):
    words = syl = sents = 0
    for b in blocks:
        if len(WORD.findall(b)) < 4:
            continue
        for s in sentences(b):
            ws = WORD.findall(s)
            words += len(ws)
            syl += sum(syllables(w) for w in ws)
            sents += 1
    if not words or not sents:
        return None
    grade = 0.39 * words / sents + 11.8 * syl / words - 15.59
    ease = 206.835 - 1.015 * words / sents - 84.6 * syl / words
    return {"grade": grade, "ease": ease, "words": words, "sentences": sents}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("output", help="a build output folder (appealpress build --output DIR)")
    ap.add_argument("--worst", type=int, default=0, help="also list the N pages with the highest grade")
    args = ap.parse_args()
    pages = []
    for root, _, files in os.walk(args.output):
        for f in files:
            if f == "index.html":
                path = os.path.join(root, f)
                parser = GuideText()
                with open(path, encoding="utf-8") as fh:
                    parser.feed(fh.read())
                if parser.blocks:
                    pages.append((os.path.relpath(root, args.output), parser.blocks))
    if not pages:
        sys.exit(f"no guide pages under {args.output}")
    everything = score([b for _, blocks in pages for b in blocks])
    per_page = [(p, score(b)) for p, b in pages]
    per_page = [(p, s) for p, s in per_page if s]
    grades = sorted(s["grade"] for _, s in per_page)
    median = grades[len(grades) // 2]
    print(f"{len(per_page)} guide pages, {everything['words']} words, {everything['sentences']} sentences")
    print(f"Flesch-Kincaid grade (all text): {everything['grade']:.1f}")
    print(f"Flesch reading ease (all text):  {everything['ease']:.1f}")
    print(f"Grade per page: median {median:.1f}, lowest {grades[0]:.1f}, highest {grades[-1]:.1f}")
    for p, s in sorted(per_page, key=lambda x: -x[1]["grade"])[: args.worst]:
        print(f"  {s['grade']:5.1f}  /{p}/")


if __name__ == "__main__":
    main()
