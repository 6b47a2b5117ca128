/// Tags: start and end tags, attributes, and the document's outline.
extension HTMLScanner.State {
    mutating func tagName() -> String {
        let start = i
        var upper = false
        while i < b.count, Self.isLetter(b[i]) || (b[i] >= 0x30 && b[i] <= 0x39) || b[i] == 0x2D {
            if b[i] >= 0x41 && b[i] <= 0x5A { upper = true }
            i += 1
        }
        let name = String(decoding: b[start..<i], as: UTF8.self)
        return upper ? name.lowercased() : name
    }

    mutating func endTag() {
        let start = i
        i += 2
        let name = tagName()
        while i < b.count, Self.isSpace(b[i]) { i += 1 }
        if i < b.count, b[i] != 0x3E {
            problem("end tag </\(name)> has attributes or stray characters", at: start)
            i = find(">", from: i) ?? b.count
        }
        i = min(i + 1, b.count)
        let info = HTMLScanner.info(name)
        if info & HTMLScanner.void != 0 {
            problem("</\(name)>: \(name) is a void element and has no end tag", at: start)
            return
        }
        let depth: Int
        var closing: HTMLScanner.Open?
        if stack.last?.name == name {
            depth = stack.count - 1
            closing = stack[depth]
        } else {
            if openByName == nil {
                var counts: [String: Int] = [:]
                for open in stack { counts[open.name, default: 0] += 1 }
                result.probes += stack.count
                openByName = counts
            }
            result.probes += 1
            // Walking down to it is paid for by the elements it closes.
            guard (openByName?[name] ?? 0) > 0, let found = stack.lastIndex(where: { $0.name == name }) else {
                problem("</\(name)> has no open <\(name)>", at: start)
                return
            }
            result.probes += stack.count - found
            depth = found
        }
        for open in stack[(depth + 1)...].reversed() {
            problem("<\(open.name)> is not closed before </\(name)>", at: open.offset)
        }
        pop(to: depth)
        if !fragment, let m = mainDepth, stack.count <= m { mainDepth = nil }
        if let e = excludedDepth, stack.count <= e { excludedDepth = nil }
        if info & HTMLScanner.special != 0 {
            switch name {
            case "head": headDone = true
            case "html": afterHTML = true
            default: break
            }
        }
        if let closing, closing.mark != nil { offer(closing) }
    }

    func same(_ a: Range<Int>, _ b2: Range<Int>) -> Bool {
        guard a.count == b2.count else { return false }
        for k in 0..<a.count where Self.lower(b[a.lowerBound + k]) != Self.lower(b[b2.lowerBound + k]) { return false }
        return true
    }

    func named(_ a: Range<Int>, _ literal: StaticString) -> Bool {
        guard a.count == literal.utf8CodeUnitCount else { return false }
        let p = literal.utf8Start
        for k in 0..<a.count where Self.lower(b[a.lowerBound + k]) != p[k] { return false }
        return true
    }

    /// Whether `text` holds a whitespace character (`Character.isWhitespace`); ASCII text is checked
    /// byte by byte. Other text is read as characters: a space can sit inside one that is not
    /// whitespace (after a prepended mark such as U+0600), and that one does not count.
    static func hasSpace(_ text: String) -> Bool {
        for c in text.utf8 where c >= 0x80 { return text.contains(where: \.isWhitespace) }
        for c in text.utf8 where isSpace(c) || c == 0x0B { return true }
        return false
    }

    static func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c + 32 : c }

    /// Whether `token` is one of the space-separated words of `list` (as `split(separator: " ")`
    /// would find it), without making the words.
    static func hasToken(_ list: String, _ token: StaticString) -> Bool {
        let t = UnsafeBufferPointer(start: token.utf8Start, count: token.utf8CodeUnitCount)
        // Outside ASCII a space can join the character after it (a combining mark): split by characters.
        if list.utf8.contains(where: { $0 >= 0x80 }) { return list.split(separator: " ").contains(Substring(token.description)) }
        var start = list.utf8.startIndex
        let end = list.utf8.endIndex
        while start < end {
            let stop = list.utf8[start...].firstIndex(of: 0x20) ?? end
            if list.utf8[start..<stop].elementsEqual(t) { return true }
            start = stop < end ? list.utf8.index(after: stop) : end
        }
        return false
    }

    func attribute(_ literal: StaticString) -> String? {
        guard let a = attributes.first(where: { named($0.name, literal) }) else { return nil }
        return HTMLScanner.decode(b[a.value])
    }

    func attributeName(_ a: Attribute) -> String { String(decoding: b[a.name], as: UTF8.self).lowercased() }

    mutating func startTag() {
        let start = i
        i += 1
        let name = tagName()
        attributes.removeAll(keepingCapacity: true)
        attributeNames.removeAll(keepingCapacity: true)
        var selfClosing = false
        var closed = false
        var needSpace = false
        while i < b.count {
            let c = b[i]
            if Self.isSpace(c) { needSpace = false; i += 1; continue }
            if c == 0x3E { i += 1; closed = true; break }
            if c == 0x2F, i + 1 < b.count, b[i + 1] == 0x3E { selfClosing = true; i += 2; closed = true; break }
            if needSpace { problem("attributes of <\(name)> need a space between them", at: i) }
            let nameStart = i
            while i < b.count, !Self.isSpace(b[i]), b[i] != 0x3E, b[i] != 0x3D, !(b[i] == 0x2F && i + 1 < b.count && b[i + 1] == 0x3E) {
                if b[i] == 0x22 || b[i] == 0x27 || b[i] == 0x3C {
                    problem("attribute name of <\(name)> contains `\(Character(Unicode.Scalar(b[i])))`", at: i)
                }
                i += 1
            }
            if i == nameStart { i += 1; continue }
            let nameRange = nameStart..<i
            var valueRange = i..<i
            var k = i
            while k < b.count, Self.isSpace(b[k]) { k += 1 }
            if k < b.count, b[k] == 0x3D {
                i = k + 1
                while i < b.count, Self.isSpace(b[i]) { i += 1 }
                if i < b.count, b[i] == 0x22 || b[i] == 0x27 {
                    let quote = b[i]
                    let valueStart = i + 1
                    var end = valueStart
                    while end < b.count, b[end] != quote { end += 1 }
                    guard end < b.count else {
                        problem("attribute `\(String(decoding: b[nameRange], as: UTF8.self))` of <\(name)> is never closed with \(quote == 0x22 ? "\"" : "'")", at: nameStart)
                        i = b.count
                        return
                    }
                    valueRange = valueStart..<end
                    i = end + 1
                    needSpace = true
                } else {
                    let valueStart = i
                    while i < b.count, !Self.isSpace(b[i]), b[i] != 0x3E {
                        if b[i] == 0x22 || b[i] == 0x27 || b[i] == 0x3C || b[i] == 0x3D || b[i] == 0x60 {
                            problem("unquoted value of `\(String(decoding: b[nameRange], as: UTF8.self))` on <\(name)> contains `\(Character(Unicode.Scalar(b[i])))`; quote it", at: i)
                        }
                        i += 1
                    }
                    if i == valueStart { problem("attribute `\(String(decoding: b[nameRange], as: UTF8.self))` of <\(name)> has `=` but no value", at: nameStart) }
                    valueRange = valueStart..<i
                }
            }
            if repeated(nameRange) {
                problem("attribute `\(String(decoding: b[nameRange], as: UTF8.self).lowercased())` appears twice on <\(name)>", at: nameStart)
            } else {
                attributes.append(Attribute(name: nameRange, value: valueRange))
            }
        }
        if !closed { problem("<\(name)> is never closed with >", at: start); return }
        element(name, selfClosing: selfClosing, at: start)
    }

    /// Whether the tag being read already has an attribute of this name (any letter case). A few
    /// attributes are compared directly; past eight, a set of their names answers in one look-up.
    mutating func repeated(_ nameRange: Range<Int>) -> Bool {
        let few = 8
        if attributes.count < few {
            result.probes += attributes.count
            return attributes.contains(where: { same($0.name, nameRange) })
        }
        func key(_ r: Range<Int>) -> [UInt8] { b[r].map(Self.lower) }
        if attributeNames.isEmpty { for a in attributes { attributeNames.insert(key(a.name)) } ; result.probes += attributes.count }
        result.probes += 1
        return !attributeNames.insert(key(nameRange)).inserted
    }

    mutating func push(_ name: String, _ info: UInt16, at start: Int) {
        if info & HTMLScanner.pScope != 0 { pScopes.append(stack.count) }
        if name == "p" { paragraphs.append(stack.count) }
        openByName?[name, default: 0] += 1
        stack.append(HTMLScanner.Open(name: name, offset: start, info: info, mark: pendingMark))
        pendingMark = nil
        adjust(name, info, by: 1)
    }

    /// Closes the open elements from stack position `depth` up.
    mutating func pop(to depth: Int) {
        for open in stack[depth...] {
            adjust(open.name, open.info, by: -1)
            if openByName != nil { openByName![open.name]! -= 1 }
        }
        while let last = paragraphs.last, last >= depth { paragraphs.removeLast() }
        while let last = pScopes.last, last >= depth { pScopes.removeLast() }
        stack.removeSubrange(depth...)
    }

    mutating func adjust(_ name: String, _ info: UInt16, by n: Int) {
        guard info & HTMLScanner.counted != 0 else { return }
        switch name {
        case "svg", "math": openForeign += n
        case "a": openLinks += n
        case "p": openParagraphs += n
        case "head": openHead += n
        case "noscript", "template": openHeadContainers += n
        default: break
        }
    }

    mutating func element(_ name: String, selfClosing: Bool, at start: Int) {
        let info = HTMLScanner.info(name)
        if info & HTMLScanner.notReplayable != 0 { sideEffects += 1 }
        let isVoid = info & HTMLScanner.void != 0
        // Inside SVG and MathML (foreign content) any element may close itself with `/>`.
        let isSpecial = info & HTMLScanner.special != 0
        let foreign = openForeign > 0 || isSpecial && (name == "svg" || name == "math")
        if selfClosing && !isVoid && !foreign {
            problem("<\(name)/>: only void elements may end with />; write <\(name)></\(name)>", at: start)
        }
        structure(name, info, at: start)
        seenElement = true

        if !attributes.isEmpty {
            if let id = attribute("id") {
                if id.isEmpty || Self.hasSpace(id) { problem("id `\(id)` must be non-empty and have no spaces", at: start) }
                if !ids.insert(id).inserted { problem("id `\(id)` is used twice on the page", at: start) } else { result.ids.append(id) }
            }
            if isSpecial { switch name {
            case "a":
                if let anchor = attribute("name") {
                    if ids.insert(anchor).inserted { result.ids.append(anchor) } else { sideEffects += 1 }
                }
                if let href = attribute("href") { result.links.append(PageLink(url: href, tag: name, rel: "")) }
            case "area":
                if let href = attribute("href") { result.links.append(PageLink(url: href, tag: name, rel: "")) }
            case "meta":
                switch attribute("name")?.lowercased() {
                case "description": result.descriptions.append(attribute("content") ?? "")
                case "robots": result.robots = attribute("content") ?? ""
                default: break
                }
            case "link":
                let rel = attribute("rel")?.lowercased() ?? ""
                if Self.hasToken(rel, "canonical") { result.canonicals.append(attribute("href") ?? "") }
                if Self.hasToken(rel, "alternate"), let lang = attribute("hreflang") {
                    result.alternates.append((hreflang: lang, href: attribute("href") ?? ""))
                }
                if let href = attribute("href") { result.links.append(PageLink(url: href, tag: name, rel: rel)) }
            case "img", "script", "iframe", "source", "audio", "video", "embed", "track", "input":
                if let src = attribute("src") { result.links.append(PageLink(url: src, tag: name, rel: "")) }
            default: break
            } }
        }
        if isSpecial && name == "h1" { result.h1Count += 1 }
        if isSpecial && name == "a" && openLinks > 0 { problem("a link inside a link: <a> cannot contain <a>", at: start) }
        // The innermost open `<p>`, unless an element that hides it is open inside it.
        if info & HTMLScanner.closesP != 0 && openParagraphs > 0, let p = paragraphs.last, (pScopes.last ?? -1) < p {
            problem("<\(name)> cannot be inside <p>: browsers close the <p> first", at: start)
        }
        guard !isVoid && !(selfClosing && foreign) else { return }
        if info & HTMLScanner.raw != 0 {
            pendingMark = nil
            let end = find("</\(name)", from: i, caseInsensitive: true)
            if name == "title" {
                result.titles.append(HTMLScanner.decode(b[i..<(end ?? b.count)]).collapsingSpaces)
            }
            guard let end else {
                problem("<\(name)> is never closed", at: start)
                i = b.count
                return
            }
            i = end
            push(name, info, at: start)
            return
        }
        push(name, info, at: start)
        if isSpecial && name == "main" {
            if mainDepth == nil { mainDepth = stack.count - 1 }
            if mainCount > 1 { problem("a page has at most one <main>", at: start) }
        } else if mainDepth != nil, excludedDepth == nil, info & HTMLScanner.notMain != 0 {
            excludedDepth = stack.count - 1
        }
    }

    /// The document's outline: `html` > `head`, then `body`; only metadata in `head`.
    mutating func structure(_ name: String, _ info: UInt16, at start: Int) {
        let isSpecial = info & HTMLScanner.special != 0
        if isSpecial {
            switch name {
            case "title": titleCount += 1
            case "main": mainCount += 1
            default: break
            }
        }
        if fragment { return }
        if afterHTML { problem("<\(name)> after </html>", at: start) }
        switch isSpecial ? name : "" {
        case "html":
            htmlCount += 1
            if htmlCount > 1 || !stack.isEmpty { problem("<html> must be the one root element", at: start) }
        case "head":
            headCount += 1
            if headCount > 1 || stack.last?.name != "html" || bodyStarted { problem("<head> must come once, first inside <html>", at: start) }
        case "body":
            bodyCount += 1
            if bodyCount > 1 || stack.last?.name != "html" { problem("<body> must come once, inside <html> after </head>", at: start) }
            if headCount > 0 && !headDone { problem("<body> starts before </head>", at: start) }
            bodyStarted = true
        default:
            if stack.isEmpty { problem("<\(name)> is outside <html>", at: start) } else if stack[stack.count - 1].info & HTMLScanner.special != 0, stack[stack.count - 1].name == "html" {
                problem("<\(name)> must be inside <head> or <body>", at: start)
            } else if openHead > 0, info & HTMLScanner.headContent == 0, openHeadContainers == 0 {
                problem("<\(name)> cannot be inside <head>", at: start)
            }
        }
    }
}
