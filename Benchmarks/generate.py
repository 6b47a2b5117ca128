#!/usr/bin/env python3
"""Generate a synthetic matrix site, deterministic from a seed, twice: as AppealPress Content/ and as
an equivalent Hugo site for the same pages, laid out the way Hugo builds it fastest (a content
adapter per procedure folder, Markdown fragments converted once each through `partialCached`,
Goldmark).

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


def write_hugo(hg, procs, payers, reasons, names, pols, payer_policies, lede, checklist, payer_text, proc_text, angles):
    """The same site the way Hugo builds it fastest (profiled with `hugo --templateMetrics
    --templateMetricsHints`): one content adapter per procedure folder, each fragment's Markdown
    converted once through `partialCached` (per payer, per procedure, per procedure × payer), the
    lede converted once and the three names put into its HTML, values looked up by key, and every
    block that depends on fewer than the three dimensions cached on just the ones it depends on."""
    def heading(markdown):  # "## Title" on the first line of a fragment
        return markdown.split("\n", 1)[0].lstrip("#").strip()

    write(f"{hg}/hugo.toml", """baseURL = "https://bench.example.org/"
title = "Bench Guides"
locale = "en-US"
disableKinds = ["taxonomy", "term", "rss"]
enableRobotsTXT = true
# The Markdown features AppealPress's cmark-gfm has (GFM tables, strikethrough, task lists,
# autolinks, smart punctuation); Hugo's extras it lacks are off, and so are heading ids, which
# AppealPress does not put on fragment headings.
[markup.goldmark.extensions]
  table = true
  strikethrough = true
  taskList = true
  linkify = true
  definitionList = false
  [markup.goldmark.extensions.footnote]
    enable = false
[markup.goldmark.parser]
  autoHeadingID = false
  [markup.goldmark.parser.attribute]
    title = false
""")
    first = 9  # a related list shows the first 8 others, so the first 9 of each dimension suffice
    data = {
        "procedures": [{"slug": p, "name": names[p]} for p in procs],
        "payers": [{"slug": y, "name": names[y]} for y in payers],
        "reasons": [{"slug": r, "name": names[r], "phrase": names[r].lower()} for r in reasons],
        # Looked up by slug with `index`, never scanned with `where`.
        "procedureBySlug": {p: {"slug": p, "name": names[p], "title": heading(proc_text[p]), "text": proc_text[p],
                                "skip": p if i < first else ""} for i, p in enumerate(procs)},
        "payerBySlug": {y: {"slug": y, "name": names[y], "title": heading(payer_text[y]), "text": payer_text[y],
                            "policies": payer_policies[y], "skip": y if i < first else ""} for i, y in enumerate(payers)},
        "reasonBySlug": {r: {"slug": r, "name": names[r], "phrase": names[r].lower(), "skip": r if i < first else ""}
                         for i, r in enumerate(reasons)},
        "policies": {k: {"key": k, "name": t, "source": "https://rules.bench.example/rules",
                         "levels": [{"name": n, "who": w, "days": d, "from": "the date on the notice", "decision": dec,
                                     "citation": f"Rule {d}.{len(n)}"} for n, w, d, dec in lv]}
                     for k, (t, lv) in pols.items()},
        "lede": lede, "checklist": checklist, "checklistTitle": heading(checklist),
        "offer": {"target": "https://app.bench.example/start", "code": "SEO25", "price": 30, "listPrice": 40,
                  "headline": "Get your appeal letter drafted", "text": "We draft it; you send it.",
                  "button": "Start my letter", "validUntil": "2027-12-31"},
    }
    write(f"{hg}/data/site.json", json.dumps(data))
    # One data file per procedure folder: its articles by payer.
    for p in procs:
        write(f"{hg}/data/angles/{p}.json",
              json.dumps({y: {"title": heading(angles[(p, y)]), "text": angles[(p, y)]} for y in payers}))
    # One content adapter per procedure folder (Hugo runs the folders' adapters in parallel): a page
    # per payer × reason, with the slugs, the title and the description as its only data.
    for p in procs:
        write(f"{hg}/content/{p}/_content.gotmpl", """{{ $d := hugo.Data.site }}{{ $p := index $d.procedureBySlug "%s" }}
{{ range $y := $d.payers }}{{ range $r := $d.reasons }}
{{ $.AddPage (dict "path" (printf "%%s/%%s" $y.slug $r.slug) "kind" "page"
   "title" (printf "%%s denied as %%s by %%s?" $p.name $r.phrase $y.name)
   "params" (dict "procedure" $p.slug "payer" $y.slug "reason" $r.slug
     "description" (printf "How to appeal a %%s denial from %%s: deadlines, who decides, and what to send." $p.name $y.name))) }}
{{ end }}{{ end }}
""" % p)
    write(f"{hg}/layouts/page.html", """{{- $d := hugo.Data.site -}}
{{- $p := index $d.procedureBySlug .Params.procedure -}}
{{- $y := index $d.payerBySlug .Params.payer -}}
{{- $r := index $d.reasonBySlug .Params.reason -}}
{{- $o := $d.offer -}}
{{- $desc := .Params.description -}}
{{- $s := partialCached "static.html" . -}}
{{- $b := partialCached "payer.html" $y $y.slug -}}
<!doctype html>
<html lang="en-US">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }}</title>
<meta name="description" content="{{ $desc }}">
<meta name="robots" content="index,follow">
<link rel="canonical" href="{{ .Permalink }}">
<meta property="og:site_name" content="Bench Guides">
<meta property="og:title" content="{{ .Title }}">
<meta property="og:description" content="{{ $desc }}">
<meta property="og:type" content="article">
<meta property="og:url" content="{{ .Permalink }}">
<meta property="og:locale" content="en_US">
<meta name="twitter:card" content="summary">
<meta name="twitter:title" content="{{ .Title }}">
<meta name="twitter:description" content="{{ $desc }}">
<link rel="stylesheet" href="/style.css">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"MedicalWebPage","name":{{ .Title }},"description":{{ $desc }},"url":{{ .Permalink }},"inLanguage":"en-US","isPartOf":{"@type":"WebSite","name":"Bench Guides","url":"https://bench.example.org/"}},{"@type":"BreadcrumbList","itemListElement":[{"@type":"ListItem","position":1,"name":"Home","item":"https://bench.example.org/"},{"@type":"ListItem","position":2,"name":{{ $p.name }},"item":{{ printf "https://bench.example.org/%s/" $p.slug }}},{"@type":"ListItem","position":3,"name":{{ $y.name }}},{"@type":"ListItem","position":4,"name":{{ $r.name }},"item":{{ .Permalink }}}]}]}</script>
</head>
<body class="t-page">
{{ $s.header }}
<nav class="crumbs" aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li><li><a href="/{{ $p.slug }}/">{{ $p.name }}</a></li><li>{{ $y.name }}</li><li><span aria-current="page">{{ $r.name }}</span></li></ol></nav>
<main id="main" tabindex="-1">
<article class="guide">
<header class="guide__head"><h1>{{ .Title }}</h1>
<ul class="cell-tags" aria-label="This guide covers"><li><span class="cell-tags__label">Procedure</span> <a href="/{{ $p.slug }}/">{{ $p.name }}</a></li><li><span class="cell-tags__label">Insurer</span> {{ $y.name }}</li><li><span class="cell-tags__label">Denial reason</span> {{ $r.name }}</li></ul></header>
<div class="lede prose">{{ replace (replace (replace $s.lede "{{ procedure.name }}" (htmlEscape $p.name)) "{{ reason.phrase }}" (htmlEscape $r.phrase)) "{{ payer.name }}" (htmlEscape $y.name) | safeHTML }}</div>
{{ $b.firstStep }}
{{ partialCached "advice.html" (dict "p" $p "y" $y) $p.slug $y.slug }}
{{ $b.ladders }}
{{- $url := printf "%s?procedure=%s&payer=%s&reason=%s&coupon=%s&utm_source=bench&utm_medium=organic&utm_campaign=bench&utm_content=%s-%s" $o.target $p.slug $y.slug $r.slug $o.code $p.slug $y.slug }}
<aside class="cta" id="offer" aria-labelledby="cta-title">{{ $s.ctaHead }}
<p class="cta__action"><a class="button" href="{{ $url }}">{{ $o.button }}</a></p>
<p class="cta__print">Start at: <span class="cta__url">{{ $url }}</span></p>
{{ $s.ctaFine }}</aside>
{{ $b.sources }}
</article>
<nav class="related" aria-label="Related guides">
{{- /* The three lists are the same on every page that has the same "skips" (which of the first nine
     procedures, payers and reasons is this page's own); they are rendered once per combination of
     skips with the page's slugs left as placeholders, and each page puts its slugs in. */ -}}
{{ $rel := partialCached "related.html" (dict "skipP" $p.skip "skipY" $y.skip "skipR" $r.skip) $p.skip $y.skip $r.skip -}}
{{ replace (replace (replace $rel "@@P@@" (htmlEscape $p.slug)) "@@Y@@" (htmlEscape $y.slug)) "@@R@@" (htmlEscape $r.slug) | safeHTML }}
</nav>
</main>
{{ $s.footer }}
</body>
</html>
""")
    partials = {
        # Partial calls are few per page: one cached partial returns every block that is the same on
        # all pages, one every block that depends on the payer alone.
        "static.html": """{{ return dict "header" (partial "header.html" .) "footer" (partial "footer.html" .) "lede" (partial "lede.html" .)
  "ctaHead" (partial "cta-head.html" .) "ctaFine" (partial "cta-fine.html" .) }}""",
        "payer.html": """{{ return dict "firstStep" (partial "first-step.html" .) "ladders" (partial "ladders.html" .) "sources" (partial "sources.html" .) }}""",
        "header.html": """<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header"><a class="brand" href="/">{{ site.Title }}</a></header>""",
        "footer.html": """<footer class="site-footer"><p><a href="/">{{ site.Title }}</a></p>
<p>General information about insurance appeals in the United States. Not legal or medical advice. Always check the deadline printed on your own denial notice.</p></footer>""",
        # The lede once, with its three placeholders left in; each page puts its names in the HTML.
        "lede.html": """<p>{{ hugo.Data.site.lede | markdownify }}</p>""",
        "fragment.html": """{{ . | markdownify }}""",
        # Per procedure × payer: the table of contents and the four advice sections; the cell
        # article is converted here, once for all the reasons that share it.
        "advice.html": """{{ $d := hugo.Data.site }}{{ $a := index (index hugo.Data.angles .p.slug) .y.slug -}}
<nav class="toc" aria-labelledby="toc-title"><h2 class="toc__title" id="toc-title">On this page</h2><ol>
<li><a href="#payer">{{ .y.title }}</a></li><li><a href="#procedure">{{ .p.title }}</a></li><li><a href="#angle">{{ $a.title }}</a></li>
<li><a href="#checklist">{{ $d.checklistTitle }}</a></li><li><a href="#appeal-steps">Appeal steps and deadlines</a></li><li><a href="#sources">Sources</a></li></ol></nav>
<div class="advice" id="advice">
<section class="payer prose" id="payer">{{ partialCached "fragment.html" .y.text "payer" .y.slug }}</section>
<details class="procedure fold"><summary class="fold__summary"><h2 class="fold__title">{{ .p.title }}</h2></summary>
<div class="prose fold__body" id="procedure">{{ partialCached "fragment.html" .p.text "procedure" .p.slug }}</div></details>
<details class="angle fold"><summary class="fold__summary"><h2 class="fold__title">{{ $a.title }}</h2></summary>
<div class="prose fold__body" id="angle">{{ $a.text | markdownify }}</div></details>
<details class="checklist fold"><summary class="fold__summary"><h2 class="fold__title">{{ $d.checklistTitle }}</h2></summary>
<div class="prose fold__body" id="checklist">{{ partialCached "fragment.html" $d.checklist "checklist" }}</div></details>
</div>""",
        # Per payer: the first level of each of its appeal ladders.
        "first-step.html": """<section class="first-step" id="first-step" aria-labelledby="first-step-title">
<h2 class="first-step__title" id="first-step-title">Your first step</h2>
<p class="first-step__intro">Each deadline says what it counts from. Send your appeal where your denial notice says (address, fax or portal).</p>
<ul class="first-step__list">{{ range .policies }}{{ $pol := index hugo.Data.site.policies . }}{{ with index $pol.levels 0 }}
<li class="first-step__item"><p class="first-step__what"><span class="first-step__tag">{{ $pol.name }}</span> Level 1: <strong>{{ .name }}</strong></p>
<dl class="first-step__facts"><div class="first-step__deadline"><dt>Deadline</dt><dd><strong>{{ .days }} days</strong> from {{ .from }}</dd></div>
<div><dt>Who decides</dt><dd>{{ .who }}</dd></div></dl>
<p class="first-step__more"><a href="#ladder-{{ $pol.key }}-levels">Every level of this appeal<span class="vh">: {{ $pol.name }}</span></a></p></li>{{ end }}{{ end }}
</ul></section>""",
        # Per payer: the offer note and the full ladders, every level with its deadline, decision
        # time, who decides and the rule cited, and each ladder's source.
        "ladders.html": """{{ $o := hugo.Data.site.offer -}}
<aside class="offer-note" aria-label="Our paid service"><p><span class="offer-label">Paid service from {{ site.Title }}</span> {{ $o.headline }}: ${{ $o.price }}. <a href="#offer">About this offer</a></p></aside>
<section class="ladders" id="appeal-steps" aria-labelledby="appeal-steps-title"><h2 id="appeal-steps-title">Appeal steps and deadlines</h2>
<p class="ladders__intro">The steps depend on the coverage you have. Check your denial notice to see which applies.</p>
<ul class="ladder-jump" aria-label="Appeal routes on this page">{{ range .policies }}{{ $pol := index hugo.Data.site.policies . }}<li><a href="#ladder-{{ $pol.key }}">{{ $pol.name }}</a></li>{{ end }}</ul>
{{ range .policies }}{{ $pol := index hugo.Data.site.policies . -}}
<section class="ladder" id="ladder-{{ $pol.key }}" aria-labelledby="ladder-{{ $pol.key }}-title"><h3 class="ladder__title" id="ladder-{{ $pol.key }}-title">{{ $pol.name }}</h3>
<details class="later"><summary class="later__summary">All {{ len $pol.levels }} levels: deadlines, who decides, the rules</summary>
<ol class="steps" id="ladder-{{ $pol.key }}-levels">{{ range $i, $l := $pol.levels }}
<li class="step"><h4 class="step__title"><span class="step__num"><span class="vh">Level </span>{{ add $i 1 }}</span> <span class="step__name">{{ $l.name }}</span></h4>
<dl class="step__facts"><div class="fact fact--deadline"><dt>Deadline to appeal</dt><dd><strong class="fact__figure">{{ $l.days }} days</strong> <span class="fact__from">from {{ $l.from }}</span></dd></div>
<div class="fact fact--decision"><dt>Decision due</dt><dd>{{ with $l.decision }}{{ . }} days{{ else }}No set time limit{{ end }}</dd></div>
<div class="fact fact--who"><dt>Decided by</dt><dd>{{ $l.who }}</dd></div>
<div class="fact fact--ref"><dt>Rule</dt><dd><cite>{{ $l.citation }}</cite></dd></div></dl></li>{{ end }}
</ol></details>
<p class="ladder__source">Rules: <a href="{{ $pol.source }}">{{ $pol.name }}</a></p></section>{{ end }}
</section>""",
        # Per payer: the sources of its ladders, and the disclaimer.
        "sources.html": """<section class="sources" id="sources" aria-labelledby="sources-title"><h2 id="sources-title">Sources</h2>
<ol class="sources__list">{{ range .policies }}{{ $pol := index hugo.Data.site.policies . }}<li><a href="{{ $pol.source }}">{{ $pol.name }}</a></li>{{ end }}</ol></section>
<section class="disclaimer" aria-labelledby="disclaimer-title"><h2 class="disclaimer__title" id="disclaimer-title">Important</h2>
<p>General information, not legal or medical advice.</p></section>""",
        "cta-head.html": """{{ $o := hugo.Data.site.offer -}}
<p class="offer-label">Paid service from {{ site.Title }}, not part of the appeal rules</p>
<h2 class="cta__title" id="cta-title">{{ $o.headline }}</h2><p class="cta__text">{{ $o.text }}</p>
<p class="cta__price"><span class="cta__now"><span class="vh">Price: </span>${{ $o.price }}</span> <s class="cta__was"><span class="vh">Regular price: </span>${{ $o.listPrice }}</s> <span>with code <strong class="coupon">{{ $o.code }}</strong></span></p>""",
        "cta-fine.html": """{{ $o := hugo.Data.site.offer -}}
<p class="cta__fine">You save ${{ sub $o.listPrice $o.price }}. Offer valid until <time datetime="{{ $o.validUntil }}">{{ (time.AsTime $o.validUntil).Format "January 2, 2006" }}</time>. You can take every step on this page yourself, without it.</p>""",
        # The related guides: the first eight other procedures (same payer and reason), payers (same
        # procedure and reason) and reasons (same procedure and payer), with the page's own slugs as
        # @@P@@, @@Y@@ and @@R@@.
        "related.html": """{{ $d := hugo.Data.site -}}
<section class="related__group"><h2>Same insurer and denial reason, other procedures</h2><ul>
{{- $n := 0 }}{{ range first 9 $d.procedures }}{{ if and (ne .slug $.skipP) (lt $n 8) }}{{ $n = add $n 1 }}<li><a href="/{{ .slug }}/@@Y@@/@@R@@/">{{ .name }}</a></li>{{ end }}{{ end -}}
</ul></section>
<section class="related__group"><h2>Same procedure and denial reason, other insurers</h2><ul>
{{- $n = 0 }}{{ range first 9 $d.payers }}{{ if and (ne .slug $.skipY) (lt $n 8) }}{{ $n = add $n 1 }}<li><a href="/@@P@@/{{ .slug }}/@@R@@/">{{ .name }}</a></li>{{ end }}{{ end -}}
</ul></section>
<section class="related__group"><h2>Same procedure and insurer, other denial reasons</h2><ul>
{{- $n = 0 }}{{ range first 9 $d.reasons }}{{ if and (ne .slug $.skipR) (lt $n 8) }}{{ $n = add $n 1 }}<li><a href="/@@P@@/@@Y@@/{{ .slug }}/">{{ .name }}</a></li>{{ end }}{{ end -}}
</ul></section>""",
    }
    for name, text in partials.items():
        write(f"{hg}/layouts/_partials/{name}", text)
    shell = """<!doctype html>
<html lang="en-US">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ .Title }}</title>
<link rel="canonical" href="{{ .Permalink }}"><link rel="stylesheet" href="/style.css"></head>
<body>{{ partialCached "header.html" . }}<main id="main">%s</main>{{ partialCached "footer.html" . }}</body>
</html>
"""
    write(f"{hg}/layouts/home.html", shell % "<h1>{{ site.Title }}</h1>")
    # A procedure folder's own page: its name and how many guides it holds. (AppealPress's procedure
    # hubs also list the payers, and it writes procedure × payer hubs that this site has no match for.)
    write(f"{hg}/layouts/section.html", """{{- $p := index hugo.Data.site.procedureBySlug .Section -}}
<!doctype html>
<html lang="en-US">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ $p.name }}</title>
<link rel="canonical" href="{{ .Permalink }}"><link rel="stylesheet" href="/style.css"></head>
<body>{{ partialCached "header.html" . }}<main id="main"><h1>{{ $p.name }}</h1><p>{{ len .Pages }} appeal guides</p></main>{{ partialCached "footer.html" . }}</body>
</html>
""")
    write(f"{hg}/layouts/404.html", shell % "<h1>Page not found</h1>")
    # A sitemap of locations only (Hugo's own adds priority and alternates that no page here has).
    write(f"{hg}/layouts/sitemap.xml", """{{ printf "<?xml version=\\"1.0\\" encoding=\\"UTF-8\\"?>" | safeHTML }}
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{{ range .Pages }}<url><loc>{{ .Permalink }}</loc></url>
{{ end }}</urlset>
""")
    write(f"{hg}/layouts/robots.txt", "User-agent: *\nAllow: /\n\nSitemap: {{ absURL \"sitemap.xml\" }}\n")
    write(f"{hg}/static/style.css", "body{font-family:system-ui;max-width:70ch;margin:auto}\n")


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

    write_hugo(os.path.join(args.out, "hugo"), procs, payers, reasons, names, pols, payer_policies,
               lede, checklist, payer_text, proc_text, angles)
    print(f"{len(procs) * len(payers) * len(reasons)} cells -> {args.out}/appealpress and {args.out}/hugo")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--procedures", type=int, default=10)
    parser.add_argument("--payers", type=int, default=10)
    parser.add_argument("--reasons", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", required=True)
    generate(parser.parse_args())
