import AppealModel
import Yams

extension ContentLoader {
    mutating func loadOffers(matrix: Matrix) -> OfferBook? {
        guard let (reader, node, text) = yamlRootAndText("offers.yaml") else { return nil }
        noteInput("offers.yaml", text: text)
        scanValues(node, text: text, file: path("offers.yaml"), lineOffset: 0)
        var r = reader
        defer { diagnostics.append(contentsOf: r.diagnostics) }
        let keys = ["target", "parameters", "coupon_parameter", "language_parameter", "utm", "fallback", "offers"]
        guard let m = r.mapping(node, allowed: keys, what: "offers.yaml") else { return nil }
        let target = r.url(m, "target")
        if let target, target.contains("#") {
            r.diagnostics.error("`target` must not contain a `#` fragment: the query is appended to it", at: r.location(m["target"]))
        }

        var parameters: [String?] = Array(repeating: nil, count: matrix.dimensions.count)
        if let p = m["parameters"].flatMap({ r.mapping($0, allowed: matrix.dimensions.map(\.key), what: "`parameters`") }) {
            for key in p.orderedKeys {
                parameters[matrix.dimensionIndex(key)!] = r.string(p, key)
            }
        }

        var utm: [(name: String, value: PlaceholderText)] = []
        if let u = r.requireKey(m, "utm").flatMap({ r.mapping($0, allowed: ["source", "medium", "campaign", "content", "term"], what: "`utm`") }) {
            for key in ["source", "medium", "campaign", "content", "term"] {
                let required = key != "term"
                guard let node = required ? r.requireKey(u, key) : u[key], let text = r.string(u, key, required: required) else { continue }
                utm.append(("utm_" + key, PlaceholderText.parse(text, origin: r.location(node), diagnostics: &r.diagnostics)))
            }
        }

        var offers: [Offer] = []
        var ids: [String: SourceLocation] = [:]
        for item in r.sequence(m, "offers") ?? [] {
            guard let offer = readOffer(item, matrix: matrix, reader: &r) else { continue }
            if let first = ids[offer.id] {
                r.diagnostics.error("offer id `\(offer.id)` is used twice (first at \(first))", at: offer.location)
            }
            ids[offer.id] = offer.location
            offers.append(offer)
        }
        var fallback = r.string(m, "fallback", required: false)
        if fallback == nil, let node = m["fallback"], !YAMLReader.isNull(node) {
            r.diagnostics.error("`fallback` is empty", at: r.location(node), hint: "name an offer id, or write `fallback: none`")
        }
        if fallback == "none" { fallback = nil }
        if let fallback, ids[fallback] == nil {
            r.diagnostics.error("`fallback` names offer `\(fallback)`, which does not exist", at: r.location(m["fallback"]),
                                hint: Suggest.hint(for: fallback, in: Array(ids.keys) + ["none"]))
        }
        // Every name in the CTA's query once: `coupon=cgm&…&coupon=SEO25` would leave the landing page
        // to guess which one counts.
        let coupon = r.string(m, "coupon_parameter", required: false) ?? "coupon"
        var named: [String: String] = [:]
        if let target, let query = target.split(separator: "?", maxSplits: 1).dropFirst().first {
            for pair in query.split(separator: "&") { named[String(pair.split(separator: "=", maxSplits: 1)[0])] = "the target URL" }
        }
        var claims: [(name: String, what: String, at: SourceLocation)] = []
        if let p = m["parameters"].flatMap({ $0.mapping }) {
            for (key, value) in p { if let name = value.string, let dim = key.string { claims.append((name, "the parameter of `\(dim)`", r.location(value))) } }
        }
        claims.append((coupon, "`coupon_parameter`", m["coupon_parameter"].map { r.location($0) } ?? SourceLocation(file: r.file, line: 1, column: 1)))
        // The page's language travels with the CTA on a site of several languages (`lang=es`).
        let languageParameter = r.string(m, "language_parameter", required: false) ?? "lang"
        if languageCodes.count > 1 {
            claims.append((languageParameter, "`language_parameter`", m["language_parameter"].map { r.location($0) } ?? SourceLocation(file: r.file, line: 1, column: 1)))
        }
        for (name, _) in utm { claims.append((name, "`utm`", r.location(m["utm"]))) }
        for claim in claims {
            if let earlier = named[claim.name] {
                r.diagnostics.error("the CTA's query would carry `\(claim.name)` twice: for \(earlier) and for \(claim.what)", at: claim.at,
                                    hint: "give each query parameter its own name")
            } else {
                named[claim.name] = claim.what
            }
        }
        guard let target else { return nil }
        var book = OfferBook(target: target, parameters: parameters, couponParameter: coupon,
                             utm: utm, fallback: fallback, offers: offers, location: SourceLocation(file: r.file, line: 1, column: 1))
        book.languageParameter = languageCodes.count > 1 ? languageParameter : nil
        return book
    }

    mutating func readOffer(_ node: Node, matrix: Matrix, reader r: inout YAMLReader) -> Offer? {
        let keys = ["id", "for", "lang", "name", "code", "currency", "list_price", "price", "valid_from", "valid_until", "headline", "text", "button"]
        guard let m = r.mapping(node, allowed: keys, what: "an offer") else { return nil }
        var words: Translations = [:]
        let codes = languageCodes
        let id = r.string(m, "id"), name = r.localized(m, "name", languages: codes, into: &words), code = r.string(m, "code")
        let language = r.string(m, "lang", required: false)
        if let language, !codes.contains(language) {
            r.diagnostics.error("`lang` of an offer names `\(language)`, which is not one of the site's languages", at: r.location(m["lang"]),
                                hint: Suggest.hint(for: language, in: codes) + " (languages: in site.yaml)")
        }
        let listPrice = price(m, "list_price", reader: &r), price = price(m, "price", reader: &r)
        let from = r.day(m, "valid_from"), until = r.day(m, "valid_until")
        let headline = r.localized(m, "headline", languages: codes, into: &words), text = r.localized(m, "text", languages: codes, into: &words)
        let button = r.localized(m, "button", languages: codes, into: &words)
        let selector = parseSelector(m["for"], dimensions: matrix.dimensions, reader: &r, what: "`for` of an offer")
        if let id, !id.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) {
            r.diagnostics.error("offer id `\(id)` may only use `a-z`, `0-9` and `-`", at: r.location(m["id"]), hint: "ids name offers in findings and in `fallback`")
        }
        if let code, !code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            r.diagnostics.error("coupon code `\(code)` may only use letters, digits, `-` and `_`", at: r.location(m["code"]))
        }
        if let from, let until, until < from {
            r.diagnostics.error("`valid_until` (\(until)) is before `valid_from` (\(from))", at: r.location(m["valid_until"]))
        }
        if let listPrice, let price, price > listPrice {
            r.diagnostics.error("`price` is higher than `list_price`", at: r.location(m["price"]))
        }
        guard let id, let name, let code, let listPrice, let price, let from, let until, let headline, let text, let button,
              let selector else { return nil }
        var offer = Offer(id: id, selector: selector, name: name, code: code, currency: r.string(m, "currency", required: false) ?? "USD",
                          listPriceCents: listPrice, priceCents: price, validFrom: from, validUntil: until, headline: headline,
                          text: text, button: button, location: r.location(node))
        offer.language = language
        offer.localized = words
        return offer
    }

    /// A price such as `40` or `29.50`, in cents.
    func price(_ m: YAMLReader.Mapping, _ key: String, reader r: inout YAMLReader) -> Int? {
        guard let text = r.string(m, key) else { return nil }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let digits = { (part: Substring) in !part.isEmpty && part.allSatisfy { $0.isASCII && $0.isNumber } }
        // Up to 9 digits of whole currency units: no price needs more, and the cents never overflow.
        if parts.count <= 2, digits(parts[0]), parts[0].count <= 9, let whole = Int(parts[0]) {
            if parts.count == 1 { return whole * 100 }
            if parts[1].count == 2, digits(parts[1]), let cents = Int(parts[1]) { return whole * 100 + cents }
        }
        r.diagnostics.error("`\(key)` must be an amount such as 40 or 29.50, found `\(text)`", at: r.location(m[key]))
        return nil
    }
}
