import AppealModel

/// The text of new content files. Every key carries a comment in plain words, because the person
/// reading it is an editor, not an engineer; docs/content-model.md is the full guide.
enum ScaffoldTemplates {
    /// Fields the site's fragments show on a new value's pages, each with the first fragment file using it.
    struct UsedFields: Sendable {
        /// Optional fields of the dimension (`tagline`), by name.
        var optional: [String: String] = [:]
        /// Parts of `criteria` (`source`, `codes`, `title`), from placeholders such as `criteria_source`.
        var criteria: [String: String] = [:]
        var isEmpty: Bool { optional.isEmpty && criteria.isEmpty }
    }

    /// "a procedure", "an insurer".
    static func article(_ word: String) -> String {
        (word.first.map { "aeiou".contains($0) } ?? false) ? "an " + word : "a " + word
    }

    static func entity(_ dimension: Dimension, slug: String, name: String, keepCase: Bool = false, fieldNotes: [String: String],
                       policies: [String], used: UsedFields = UsedFields()) -> String {
        let key = dimension.key, label = dimension.label.lowercased()
        // A name typed with --name keeps its case (a brand: "Oscar Health"); one made from the slug is a guess.
        let guess = keepCase ? name : name.lowercased()
        var lines: [(String, String)] = []
        for (field, required) in dimension.fields.sorted(by: { ($0.key == "name" ? 0 : 1, $0.key) < ($1.key == "name" ? 0 : 1, $1.key) }) {
            let note = fieldNotes[field].map { ": " + $0 } ?? ""
            if field == "name" {
                lines.append(("name: " + quoted(name), "required\(note)"))
            } else if required {
                // A required field needs a value for the file to load; the name is a guess to check.
                lines.append(("\(field): " + quoted(guess), "required, check this value\(note)"))
            } else if let place = used.optional[field] {
                lines.append(("\(field): " + quoted("TODO: \(field)"), "optional, but \(place) shows it\(note)"))
            } else {
                lines.append(("# \(field): " + quoted(guess), "optional\(note)"))
            }
        }
        let available = policies.isEmpty ? "none yet (add one with `appealpress new policy NAME`)" : policies.joined(separator: ", ")
        return """
        ---
        # \(article(label).prefix(1).uppercased() + article(label).dropFirst()): one value of the `\(key)` dimension, one file per value.
        # The file name is its slug: `\(slug)` appears in the URLs of its pages and in `for:`
        # selectors (`for: { \(key): \(slug) }`). Lines starting with `#` are comments.
        # The full guide is docs/content-model.md.

        # Fields matrix.yaml declares for \(dimension.plural.lowercased()); prose uses them as {{ \(key).<field> }}.
        \(aligned(lines))

        # Appeal ladders this \(label) brings to its pages, by file name in policies/ (a policy's own
        # `for:` / `except:` can narrow or widen that, page by page).
        # Available: \(available)
        # policies: [\(policies.first ?? "policy-slug")]

        \(criteriaBlock(name: name, used: used))

        # More references for the sources list at the foot of its pages.
        # sources:
        #   - { title: "Name of the page", url: "https://www.example.org/", reviewed: YYYY-MM-DD }

        # Below the closing line: optional Markdown, shown on the hub page /\(dimension.folder)/\(slug)/.
        ---

        """
    }

    /// `criteria:` as comments, or, when fragments show criteria on the new value's pages, as keys
    /// with TODO values that load and that the build refuses to publish until they are filled in.
    static func criteriaBlock(name: String, used: UsedFields) -> String {
        guard !used.criteria.isEmpty else {
            return """
            # What an insurer checks before it pays; shown on its pages and on its hub page.
            # criteria:
            #   title: Coverage criteria for \(name)      # the heading above the list
            #   source: "LCD L00000: Title of the document"  # the document that states the rules
            #   url: https://www.example.org/                # optional: an absolute http(s) link to it
            #   codes: CPT 00000                             # optional: the billing codes it covers
            #   reviewed: YYYY-MM-DD                         # optional: the day you last checked the source
            #   items:                                       # the criteria, one per line
            #     - One thing the reviewer checks.
            """
        }
        let users = Set(used.criteria.values).sorted().joined(separator: ", ")
        let codes = used.criteria["codes"] != nil
        return """
        # What an insurer checks before it pays; shown on its pages and on its hub page.
        # Needed: \(users) show these on this value's pages. Replace every TODO.
        criteria:
          title: \(quoted("Coverage criteria for " + name))   # the heading above the list
          source: "TODO: the document that states the rules"   # e.g. "LCD L00000: Title of the document"
          # url: https://www.example.org/                # optional: an absolute http(s) link to it
          \(codes ? "codes: \"TODO: the billing codes it covers\"" : "# codes: CPT 00000                           ")   # \(codes ? "" : "optional: ")the billing codes it covers
          # reviewed: YYYY-MM-DD                         # optional: the day you last checked the source
          items:                                         # the criteria, one per line
            - "TODO: one thing the reviewer checks"
        """
    }

    static func policy(slug: String, name: String, today: Day) -> String {
        """
        # An appeal ladder: the levels of appeal for one kind of coverage, each with who decides, the
        # deadline to ask and the time to decide. Pages show these facts from this file only, and prose
        # refers to them with placeholders such as {{ policies.\(slug).levels.1.deadline }}.
        # A payer (or any other value) brings this ladder to its pages by listing `\(slug)` under `policies:`;
        # `for:` and `except:` below say more, in the `for:` language of sections (most specific wins).
        # Replace every TODO from the official source before you list it anywhere.
        # The full guide is docs/content-model.md.

        \(aligned([
            ("name: " + quoted(name), "the full name, the ladder's heading (\"Original Medicare (Parts A and B)\")"),
            ("short_name: " + quoted(name), "optional: a short form for sentences (\"Original Medicare\")"),
            ("summary: \"TODO: one or two sentences on who this applies to.\"", "optional"),
            ("regulation: \"TODO: the rule these levels come from\"", "optional, e.g. 42 CFR 405 Subpart I"),
            ("source: https://www.example.org/TODO", "the official page or regulation; every page links to it"),
            ("reviewed: \(today)", "TODO: the day you check this file against `source` (YYYY-MM-DD)"),
            ("# note: \"A sentence shown under the ladder.\"", "optional"),
        ]))
        # for: { payer: some-payer }          # optional: the pages it applies to (one selector or a list)
        # except: { reason: some-reason }     # optional: pages it does not apply to (wins a tie with `for:`)

        levels:                             # in order: level 1 is the first appeal
          - name: "TODO: the first level's name"        # e.g. Redetermination
            decided_by: "TODO: who decides"             # e.g. Medicare Administrative Contractor (MAC)
            # `deadline` (to ask) and `decision` (time to decide) are a number with a unit, or words
            # when the rule is not one number:
            #   { days: 120, from: receipt of the initial determination }   (or hours / months;
            #   add `calendar: true` for calendar days), or { text: Automatic when the plan says no }
            deadline: { text: "TODO: the deadline to ask" }
            decision: { text: "TODO: how long the decision takes" }
            citation: "TODO: the section that sets this level"   # e.g. 42 CFR 405.942
            # form: CMS-20027                           # optional: the form to use
            # note: "A sentence about this level."      # optional

        """
    }

    static func section(_ name: String, selectors: [Scaffold.SelectorPart], matrix: Matrix) -> String {
        let sections = matrix.sections.map(\.name).joined(separator: ", ")
        let forLine: String
        if selectors.isEmpty {
            let example = matrix.dimensions.first.map { "{ \($0.key): some-slug }" } ?? "{}"
            forLine = aligned([("# for: \(example)", "omitted: the site-wide default, for every page with no more specific fragment")])
        } else {
            let value = selectors.map { part in
                "\(part.key): " + (part.slugs.count == 1 ? scalar(part.slugs[0]) : "[" + part.slugs.map(scalar).joined(separator: ", ") + "]")
            }.joined(separator: ", ")
            forLine = aligned([("for: { \(value) }", "the pages it fills; a list matches any of its values")])
        }
        var placeholders = matrix.dimensions.map { d in
            "{{ \(d.key).name }}" + d.fields.keys.filter { $0 != "name" }.sorted().map { ", {{ \(d.key).\($0) }}" }.joined()
        }
        placeholders.append("{{ policies.<policy>.levels.<n>.deadline }}, .decision, .decided_by, .citation")
        placeholders.append("{{ offer.code }}, {{ offer.price }}, {{ offer.list_price }}, {{ site.name }}, {{ build.date }}")
        let named = selectors.compactMap { part in matrix.dimensions.first { $0.key == part.key } }.map { "{{ \($0.key).name }}" }
        let subject = named.isEmpty ? "" : " for " + named.joined(separator: " and ")
        return """
        ---
        # A fragment: Markdown that fills one section of the pages `for:` selects.
        # For each page and section the most specific matching fragment wins: one naming two dimensions
        # beats one naming one, which beats the site-wide default (no `for`). Two equally specific
        # fragments for the same page are an error that names both files.
        #
        # Placeholders are filled in per page and checked by the build; a misspelt one is an error:
        \(placeholders.map { "#   " + $0 }.joined(separator: "\n"))
        # Deadlines and prices come from policies/ and offers.yaml through placeholders: never type them.
        # The full guide is docs/content-model.md.

        \(aligned([("section: " + scalar(name), "which section it fills, one of: \(sections) (declared in matrix.yaml)")]))
        \(forLine)
        ---
        TODO: write the `\(name)` text\(subject) here, in Markdown.

        """
    }

    /// `key: value` lines with their comments lined up.
    static func aligned(_ lines: [(String, String)]) -> String {
        let width = min(40, lines.map(\.0.count).max() ?? 0)
        return lines.map { line, note in
            line + String(repeating: " ", count: max(1, width - line.count + 2)) + "# " + note
        }.joined(separator: "\n")
    }

    /// A YAML double-quoted string: always a string, whatever the text (`no`, `1.0`, `a: b`).
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// A slug as a plain scalar, quoted when YAML would read it as something other than a string.
    static func scalar(_ slug: String) -> String {
        let special: Set<String> = ["y", "n", "yes", "no", "on", "off", "true", "false", "null"]
        return special.contains(slug) || slug.allSatisfy({ $0.isNumber || $0 == "-" }) ? quoted(slug) : slug
    }
}
