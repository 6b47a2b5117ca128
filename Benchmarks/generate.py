#!/usr/bin/env python3
"""Generate a synthetic matrix site, deterministic from a seed, twice: as AppealPress Content/ and as
an equivalent Hugo site (content adapter, cached partials, Goldmark) for the same pages.

    Benchmarks/generate.py --procedures 100 --payers 50 --reasons 4 --seed 7 --out /tmp/bench-20k

writes /tmp/bench-20k/appealpress/ (a content folder) and /tmp/bench-20k/hugo/ (a Hugo project).
"""
import argparse
import json
import os
import random

WORDS = ("appeal denial coverage policy records doctor letter notice plan review criteria evidence "
         "treatment imaging therapy deadline insurer claim request documentation history symptoms "
         "physician guideline benefit contractor decision reconsideration hearing independent "
         "medical necessary level patient summary chart visit test result months weeks failed "
         "conservative care surgery procedure service code billing authorization network").split()


def sentence(rng, n=None):
    n = n or rng.randint(8, 18)
    words = [rng.choice(WORDS) for _ in range(n)]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def paragraph(rng, sentences=4):
    return " ".join(sentence(rng) for _ in range(sentences))


def article(rng, title):
    """About 600 words: headings, paragraphs, a list and a table."""
    parts = [f"## {title}", "", paragraph(rng, 5), "", "### What the reviewer checks", ""]
    parts += [f"- **{rng.choice(WORDS).capitalize()}**: {sentence(rng)}" for _ in range(6)]
    parts += ["", paragraph(rng, 6), "", "| Document | Why it matters |", "|---|---|"]
    parts += [f"| {rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} | {sentence(rng, 10)} |" for _ in range(5)]
    parts += ["", "### What to do next", "", paragraph(rng, 6), "", paragraph(rng, 5), ""]
    return "\n".join(parts)


def slug(prefix, i):
    return f"{prefix}-{i:04d}"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


LEVELS = [
    ("Redetermination", "The contractor", 120, 60),
    ("Reconsideration", "An independent contractor", 180, 60),
    ("Hearing", "An administrative law judge", 60, 90),
    ("Council review", "The appeals council", 60, 90),
    ("Judicial review", "Federal district court", 60, None),
]


def policies():
    out = {}
    for p in range(3):
        levels = [(f"{name} {p + 1}", who, days + 5 * p, decision) for name, who, days, decision in LEVELS]
        out[f"policy-{p}"] = (f"Appeal ladder {p + 1}", levels)
    return out


def generate(args):
    rng = random.Random(args.seed)
    procs = [slug("procedure", i) for i in range(args.procedures)]
    payers = [slug("payer", i) for i in range(args.payers)]
    reasons = [slug("reason", i) for i in range(args.reasons)]
    names = {s: s.replace("-", " ").title() for s in procs + payers + reasons}
    pols = policies()
    payer_policies = {y: [f"policy-{i % 3}", f"policy-{(i + 1) % 3}"][: 1 + i % 2] for i, y in enumerate(payers)}
    lede = "Was {{ procedure.name }} denied as {{ reason.phrase }} by {{ payer.name }}? " + paragraph(rng, 3)
    checklist = "## What to gather\n\n" + "\n".join(f"- [ ] {sentence(rng, 8)}" for _ in range(6)) + "\n"
    payer_text = {y: f"## Appealing with {names[y]}\n\n" + paragraph(rng, 5) + "\n" for y in payers}
    proc_text = {p: f"## What insurers check for {names[p]}\n\n" + paragraph(rng, 5) + "\n" for p in procs}
    angles = {(p, y): article(rng, f"The {names[y]} angle on {names[p]}") for p in procs for y in payers}

    # AppealPress content folder.
    ap = os.path.join(args.out, "appealpress")
    write(f"{ap}/site.yaml", "name: Bench Guides\nbase_url: https://bench.example.org/\nlanguage: en-US\n"
          "disclaimer: General information, not legal or medical advice.\nthin_pages: noindex\n")
    write(f"{ap}/matrix.yaml", """dimensions:
  - { key: procedure, folder: procedures, label: Procedure, plural: Procedures, fields: { name: required } }
  - { key: payer, folder: payers, label: Insurer, plural: Insurers, fields: { name: required } }
  - { key: reason, folder: reasons, label: Denial reason, plural: Denial reasons, fields: { name: required, phrase: required } }
page:
  url: /{{ procedure.slug }}/{{ payer.slug }}/{{ reason.slug }}/
  title: "{{ procedure.name }} denied as {{ reason.phrase }} by {{ payer.name }}?"
  description: "How to appeal a {{ procedure.name }} denial from {{ payer.name }}: deadlines, who decides, and what to send."
sections:
  lede: required
  payer: required
  procedure: required
  angle: optional
  checklist: required
thin_section: angle
""")
    for p in procs:
        write(f"{ap}/procedures/{p}.md", f"---\nname: {names[p]}\n---\n{paragraph(rng, 2)}\n")
    for y in payers:
        write(f"{ap}/payers/{y}.md", f"---\nname: {names[y]}\npolicies: [{', '.join(payer_policies[y])}]\n---\n")
    for r in reasons:
        write(f"{ap}/reasons/{r}.md", f"---\nname: {names[r]}\nphrase: {names[r].lower()}\n---\n")
    for key, (title, levels) in pols.items():
        lines = [f"name: {title}", "source: https://rules.bench.example/rules", "reviewed: 2026-11-20", "levels:"]
        for name, who, days, decision in levels:
            lines += [f"  - name: {name}", f"    decided_by: {who}", f"    deadline: {{ days: {days}, from: the date on the notice }}",
                      f"    decision: {{ days: {decision} }}" if decision else "    decision: { text: No set time limit }",
                      f"    citation: Rule {days}.{len(name)}"]
        write(f"{ap}/policies/{key}.yaml", "\n".join(lines) + "\n")
    write(f"{ap}/offers.yaml", """target: https://app.bench.example/start
parameters: { procedure: procedure, payer: payer, reason: reason }
utm: { source: bench, medium: organic, campaign: bench, content: "{{ procedure.slug }}-{{ payer.slug }}" }
offers:
  - { id: main, name: Letter, code: SEO25, list_price: 40, price: 30, valid_from: 2026-01-01, valid_until: 2027-12-31,
      headline: Get your appeal letter drafted, text: We draft it; you send it., button: Start my letter }
""")
    write(f"{ap}/sections/lede.md", f"---\nsection: lede\n---\n{lede}\n")
    write(f"{ap}/sections/checklist.md", f"---\nsection: checklist\n---\n{checklist}")
    for y in payers:
        write(f"{ap}/sections/payers/{y}.md", f"---\nsection: payer\nfor: {{ payer: {y} }}\n---\n{payer_text[y]}")
    for p in procs:
        write(f"{ap}/sections/procedures/{p}.md", f"---\nsection: procedure\nfor: {{ procedure: {p} }}\n---\n{proc_text[p]}")
    for (p, y), text in angles.items():
        write(f"{ap}/sections/angles/{p}--{y}.md", f"---\nsection: angle\nfor: {{ procedure: {p}, payer: {y} }}\n---\n{text}")

    # The same site, the idiomatic Hugo way: data files, a content adapter that adds one page per cell
    # with the cell article as its Markdown content, and cached partials for what pages share.
    hg = os.path.join(args.out, "hugo")
    write(f"{hg}/hugo.toml", 'baseURL = "https://bench.example.org/"\ntitle = "Bench Guides"\nlanguageCode = "en-US"\n'
          'disableKinds = ["taxonomy", "term", "RSS"]\n[markup.goldmark.extensions]\n  table = true\n  strikethrough = true\n  taskList = true\n')
    data = {
        "procedures": [{"slug": p, "name": names[p], "text": proc_text[p]} for p in procs],
        "payers": [{"slug": y, "name": names[y], "policies": payer_policies[y], "text": payer_text[y]} for y in payers],
        "reasons": [{"slug": r, "name": names[r], "phrase": names[r].lower()} for r in reasons],
        "policies": {k: {"name": t, "levels": [{"name": n, "who": w, "days": d, "decision": dec} for n, w, d, dec in lv]}
                     for k, (t, lv) in pols.items()},
        # Each list again, keyed by slug, so a page finds its values with `index` instead of scanning
        # a list with `where`.
        "procedureBySlug": {p: {"slug": p, "name": names[p], "text": proc_text[p]} for p in procs},
        "payerBySlug": {y: {"slug": y, "name": names[y], "policies": payer_policies[y], "text": payer_text[y]} for y in payers},
        "reasonBySlug": {r: {"slug": r, "name": names[r], "phrase": names[r].lower()} for r in reasons},
        "lede": lede, "checklist": checklist,
    }
    write(f"{hg}/data/site.json", json.dumps(data))
    for (p, y), text in angles.items():
        write(f"{hg}/data/angles/{p}--{y}.json", json.dumps({"text": text}))
    write(f"{hg}/content/_content.gotmpl", """{{ $d := site.Data.site }}
{{ range $p := $d.procedures }}{{ range $y := $d.payers }}{{ $angle := index site.Data.angles (printf "%s--%s" $p.slug $y.slug) }}{{ range $r := $d.reasons }}
{{ $.AddPage (dict "path" (printf "%s/%s/%s" $p.slug $y.slug $r.slug) "kind" "page"
   "title" (printf "%s denied as %s by %s?" $p.name $r.phrase $y.name)
   "content" (dict "mediaType" "text/markdown" "value" $angle.text)
   "params" (dict "procedure" $p.slug "payer" $y.slug "reason" $r.slug)) }}
{{ end }}{{ end }}{{ end }}
""")
    write(f"{hg}/layouts/baseof.html", """<!doctype html><html lang="en-US"><head><meta charset="utf-8"><title>{{ .Title }}</title>
<meta name="description" content="{{ .Title }}"><link rel="canonical" href="{{ .Permalink }}"><link rel="stylesheet" href="/style.css"></head>
<body><header><a href="/">Bench Guides</a></header><main>{{ block "main" . }}{{ end }}</main>
<footer>{{ partialCached "footer.html" . }}</footer></body></html>
""")
    write(f"{hg}/layouts/page.html", """{{ define "main" }}{{ $d := site.Data.site }}
{{ $p := index $d.procedureBySlug .Params.procedure }}{{ $y := index $d.payerBySlug .Params.payer }}{{ $r := index $d.reasonBySlug .Params.reason }}
<nav><a href="/">Home</a> › {{ $p.name }}</nav><h1>{{ .Title }}</h1>
<div class="lede">{{ replace (replace (replace $d.lede "{{ procedure.name }}" $p.name) "{{ reason.phrase }}" $r.phrase) "{{ payer.name }}" $y.name | markdownify }}</div>
{{ partialCached "ladders.html" $y $y.slug }}
{{ partialCached "fragment.html" $y.text $y.slug }}
{{ partialCached "fragment.html" $p.text $p.slug }}
<article>{{ .Content }}</article>
{{ partialCached "fragment.html" $d.checklist "checklist" }}
<aside><a href="https://app.bench.example/start?procedure={{ $p.slug }}&payer={{ $y.slug }}&reason={{ $r.slug }}&coupon=SEO25&utm_source=bench&utm_medium=organic&utm_campaign=bench&utm_content={{ $p.slug }}-{{ $y.slug }}">Start my letter</a> $30 (list $40)</aside>
<ul>{{ range $d.payers | first 8 }}<li><a href="/{{ $p.slug }}/{{ .slug }}/{{ $r.slug }}/">{{ .name }}</a></li>{{ end }}</ul>
{{ end }}
""")
    write(f"{hg}/layouts/home.html", """{{ define "main" }}<h1>Bench Guides</h1>{{ end }}""")
    write(f"{hg}/layouts/section.html", """{{ define "main" }}<h1>{{ .Title }}</h1>{{ end }}""")
    write(f"{hg}/layouts/_partials/fragment.html", """{{ . | markdownify }}""")
    write(f"{hg}/layouts/_partials/footer.html", """<p>General information, not legal or medical advice.</p>""")
    write(f"{hg}/layouts/_partials/ladders.html", """{{ range .policies }}{{ $pol := index site.Data.site.policies . }}
<section><h2>{{ $pol.name }}</h2><ol>{{ range $pol.levels }}<li><h3>{{ .name }}</h3><dl><dt>Deadline</dt><dd>{{ .days }} days from the date on the notice</dd>
<dt>Decision</dt><dd>{{ with .decision }}{{ . }} days{{ else }}No set time limit{{ end }}</dd><dt>Decided by</dt><dd>{{ .who }}</dd></dl></li>{{ end }}</ol></section>{{ end }}""")
    write(f"{hg}/static/style.css", "body{font-family:system-ui;max-width:70ch;margin:auto}\n")
    print(f"{len(procs) * len(payers) * len(reasons)} cells -> {args.out}/appealpress and {args.out}/hugo")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--procedures", type=int, default=10)
    parser.add_argument("--payers", type=int, default=10)
    parser.add_argument("--reasons", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", required=True)
    generate(parser.parse_args())
