import AppealLoad
import AppealModel
import AppealTestSupport
import Foundation
import Testing

/// A load's whole result, written out so two loads can be compared: every stored property of the
/// site, dictionaries and sets in sorted order (their own order differs from one instance to the next).
func canonical(_ value: Any) -> String {
    let mirror = Mirror(reflecting: value)
    switch mirror.displayStyle {
    case .dictionary?, .set?:
        return "[" + mirror.children.map { canonical($0.value) }.sorted().joined(separator: ", ") + "]"
    case .struct?, .class?, .tuple?, .enum?, .collection?, .optional?:
        if mirror.children.isEmpty { return String(reflecting: value) }
        return "\(mirror.subjectType)(" + mirror.children.map { ($0.label ?? "") + ": " + canonical($0.value) }.joined(separator: ", ") + ")"
    default:
        return String(reflecting: value)
    }
}

/// What a load gives: the site (written out) and its diagnostics, or its errors.
struct LoadOutcome: Equatable {
    var site: String?
    var diagnostics: [Diagnostic]

    init(_ root: String, cache: LoadCache?) {
        do {
            let (site, warnings) = try ContentLoader.load(from: root, cache: cache)
            self.site = canonical(site)
            diagnostics = warnings
        } catch {
            site = nil
            diagnostics = error.diagnostics
        }
    }

    var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
}

/// One kind of content file: an edit that keeps it valid and one that breaks it.
struct CachedFileCase: Sendable, CustomTestStringConvertible {
    var file: String
    var valid: @Sendable (String) -> String
    var invalid: @Sendable (String) -> String
    var testDescription: String { file }
}

/// An edit replacing `old` (which the file must hold) with `new`.
func replacing(_ old: String, with new: String) -> @Sendable (String) -> String {
    { text in
        precondition(text.contains(old), "the test expects `\(old)` in the file")
        return text.replacingOccurrences(of: old, with: new)
    }
}

func appending(_ tail: String) -> @Sendable (String) -> String { { $0 + tail } }

/// The preview's rebuilds reuse the parse of every content file that did not change: whatever is
/// edited, the cached load must give exactly what a fresh load of the same files gives.
@Suite struct LoadCacheTests {
    /// A scratch copy of the bundled site, which has a file of every kind (translations, reviews, pages).
    static func bundledCopy() -> String {
        let dir = Fixtures.scratch("load-cache") + "/Content"
        try! FileManager.default.copyItem(atPath: Fixtures.repository + "/Content", toPath: dir)
        return dir
    }

    static func write(_ text: String?, _ file: String, in root: String) {
        let path = root + "/" + file
        if let text {
            try! FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try! text.write(toFile: path, atomically: true, encoding: .utf8)
        } else {
            try! FileManager.default.removeItem(atPath: path)
        }
    }

    /// Loads `root` with `cache` and without, and expects the same outcome; returns it.
    @discardableResult
    static func expectSameAsFresh(_ root: String, _ cache: LoadCache, _ step: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> LoadOutcome {
        let cached = LoadOutcome(root, cache: cache)
        let fresh = LoadOutcome(root, cache: nil)
        #expect(cached.diagnostics == fresh.diagnostics, "\(step): diagnostics differ", sourceLocation: sourceLocation)
        #expect(cached.site == fresh.site, "\(step): sites differ", sourceLocation: sourceLocation)
        return cached
    }

    static let cases: [CachedFileCase] = [
        // A fragment, and the Spanish fragment that translates it.
        CachedFileCase(file: "sections/angles/kyphoplasty--medicare.md", valid: appending("\nOne more sentence for the test.\n"),
                       invalid: replacing("section: angle", with: "sectoin: angle")),
        CachedFileCase(file: "sections/es/angles/kyphoplasty--medicare.md", valid: appending("\nUna frase más.\n"),
                       invalid: replacing("section: angle", with: "section: angel")),
        // A dimension value, and its page text in Spanish (part of the same value).
        CachedFileCase(file: "procedures/kyphoplasty.md", valid: appending("\nOne more sentence for the test.\n"),
                       invalid: replacing("name:\n  en: Kyphoplasty", with: "nmae:\n  en: Kyphoplasty")),
        CachedFileCase(file: "procedures/es/kyphoplasty.md", valid: appending("\nUna frase más.\n"), invalid: appending("\u{01}\n")),
        CachedFileCase(file: "policies/original-medicare.yaml", valid: appending("# a comment\n"), invalid: appending("bogus_key: 1\n")),
        CachedFileCase(file: "offers.yaml", valid: appending("# a comment\n"), invalid: appending("bogus_key: 1\n")),
        // Site settings every parse depends on: a banned phrase found in unchanged fragments.
        CachedFileCase(file: "site.yaml", valid: replacing("  similarity: 0.97", with: "  similarity: 0.97\n  banned_phrases: [vertebral augmentation]"),
                       invalid: replacing("thin_pages: noindex", with: "thin_pages: sometimes")),
        // The matrix: a section renamed makes every fragment of the old name unknown.
        CachedFileCase(file: "matrix.yaml", valid: appending("# a comment\n"),
                       invalid: replacing("  lede: required", with: "  intro: required")),
        // Reviews: deleting them stops every file's digest; reviewers gone make reviews unknown.
        CachedFileCase(file: "reviews.yaml", valid: replacing("sha256: 43b760751947c42f0b13418958e59555ee8fdf7bc49bee55d8483d4fb75d8460",
                                                                with: "sha256: 0000000000000000000000000000000000000000000000000000000000000000"),
                       invalid: replacing("sha256: 43b760751947c42f0b13418958e59555ee8fdf7bc49bee55d8483d4fb75d8460", with: "sha256: 43b7")),
        CachedFileCase(file: "reviewers.yaml", valid: appending("# a comment\n"), invalid: appending("reviewers: [\n")),
        CachedFileCase(file: "translations.yaml",
                       valid: replacing("source_sha256: 31ab1fe72e8c17b5836b94dced8b559b7c473f394229ea4ade712e953fe399dc",
                                         with: "source_sha256: 0000000000000000000000000000000000000000000000000000000000000000"),
                       invalid: replacing("source_sha256: 31ab1fe72e8c17b5836b94dced8b559b7c473f394229ea4ade712e953fe399dc", with: "source_sha256: 31ab")),
        CachedFileCase(file: "pages/about.md", valid: appending("\nOne more sentence for the test.\n"),
                       invalid: replacing("title: About this site\n", with: "")),
    ]

    /// Edit → same as fresh; break it → the same errors as fresh; fix it → recovered; delete it and
    /// add it back → same as fresh each time.
    @Test(arguments: cases)
    func everyEditGivesWhatAFreshLoadGives(_ kind: CachedFileCase) throws {
        let root = Self.bundledCopy()
        let cache = LoadCache()
        let original = try String(contentsOfFile: root + "/" + kind.file, encoding: .utf8)
        let first = Self.expectSameAsFresh(root, cache, "first load")
        #expect(first.site != nil, "\(first.errors)")

        Self.write(kind.valid(original), kind.file, in: root)
        let edited = Self.expectSameAsFresh(root, cache, "valid edit")
        #expect(edited.site != nil, "\(edited.errors)")
        #expect(edited != first, "the edit changes what the load gives")

        Self.write(kind.invalid(original), kind.file, in: root)
        let broken = Self.expectSameAsFresh(root, cache, "invalid edit")
        #expect(broken.site == nil)
        #expect(!broken.errors.isEmpty)

        Self.write(original, kind.file, in: root)
        let fixed = Self.expectSameAsFresh(root, cache, "fixed")
        #expect(fixed == first, "a fixed file gives the first load's result again")

        Self.write(nil, kind.file, in: root)
        let deleted = Self.expectSameAsFresh(root, cache, "deleted")
        #expect(deleted != first)

        Self.write(original, kind.file, in: root)
        #expect(Self.expectSameAsFresh(root, cache, "added back") == first)
    }

    /// A spreadsheet of values (`procedures/procedures.csv`), beside the Markdown files.
    @Test func spreadsheetEditsGiveWhatAFreshLoadGives() throws {
        let root = Fixtures.copy("mini")
        let cache = LoadCache()
        let file = "procedures/procedures.csv"
        let csv = "slug,name,short_name\nspinal-fusion,Spinal fusion,spinal fusion\n"
        let first = Self.expectSameAsFresh(root, cache, "no spreadsheet")
        Self.write(csv, file, in: root)
        let added = Self.expectSameAsFresh(root, cache, "added")
        #expect(added.site != nil && added != first, "\(added.errors)")
        Self.write(csv + "lumbar-fusion,Lumbar fusion,lumbar fusion\n", file, in: root)
        let edited = Self.expectSameAsFresh(root, cache, "row added")
        #expect(edited.site?.contains("lumbar-fusion") == true)
        Self.write(csv + ",No slug,no slug\n", file, in: root)
        let broken = Self.expectSameAsFresh(root, cache, "row without a slug")
        #expect(broken.errors.contains { $0.location?.file.hasSuffix(file) == true && $0.location?.line == 3 }, "\(broken.errors)")
        Self.write(csv, file, in: root)
        #expect(Self.expectSameAsFresh(root, cache, "fixed") == added)
        Self.write(nil, file, in: root)
        #expect(Self.expectSameAsFresh(root, cache, "deleted") == first)
    }

    /// A new fragment is parsed, a deleted one disappears, and neither disturbs the others.
    @Test func addedAndDeletedFilesGiveWhatAFreshLoadGives() throws {
        let root = Self.bundledCopy()
        let cache = LoadCache()
        let first = Self.expectSameAsFresh(root, cache, "first load")
        let added = "sections/angles/lumbar-mri--aetna.md"
        Self.write("---\nsection: angle\nfor: { procedure: lumbar-mri, payer: aetna }\n---\nA test paragraph.\n", added, in: root)
        let withNew = Self.expectSameAsFresh(root, cache, "fragment added")
        #expect(withNew.site?.contains("A test paragraph.") == true)
        // A second fragment for the same value in another language folder, then its source removed.
        Self.write("---\nsection: angle\n---\nUn párrafo de prueba.\n", "sections/es/angles/lumbar-mri--aetna.md", in: root)
        let translated = Self.expectSameAsFresh(root, cache, "translation added")
        #expect(translated.site?.contains("translates: Optional<String>(some: \"\(added)\")") == true, "the Spanish file translates the new one")
        Self.write(nil, added, in: root)
        // The Spanish file's bytes did not change, but it no longer translates anything.
        let orphan = Self.expectSameAsFresh(root, cache, "its source deleted")
        #expect(orphan.site?.contains("translates: Optional<String>(some: \"\(added)\")") == false)
        Self.write(nil, "sections/es/angles/lumbar-mri--aetna.md", in: root)
        #expect(Self.expectSameAsFresh(root, cache, "both deleted") == first)
    }

    /// Reuse is keyed on bytes: an edit that keeps the size and the modification time is still seen.
    @Test func anEditThatKeepsSizeAndTimeIsSeen() throws {
        let root = Self.bundledCopy()
        let cache = LoadCache()
        let file = root + "/sections/angles/kyphoplasty--medicare.md"
        let before = Self.expectSameAsFresh(root, cache, "first load")
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let edited = text.replacingOccurrences(of: "Medicare", with: "Medicaid")
        #expect(edited.utf8.count == text.utf8.count && edited != text)
        try edited.write(toFile: file, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: attributes[.modificationDate]!], ofItemAtPath: file)
        let after = Self.expectSameAsFresh(root, cache, "same size and time")
        #expect(after != before)
    }

    /// Unchanged files are really reused: a second load parses nothing, an edit parses one file,
    /// and the cache holds only the current files' parses however many edits there were.
    @Test func unchangedFilesAreReusedAndTheCacheDoesNotGrow() throws {
        let root = Self.bundledCopy()
        let cache = LoadCache()
        _ = LoadOutcome(root, cache: cache)
        let parses = cache.parsed
        let held = cache.count
        #expect(parses > 100, "the bundled site has over a hundred files")
        #expect(held == parses)
        #expect(cache.reused == 0)

        _ = LoadOutcome(root, cache: cache)
        #expect(cache.parsed == parses, "nothing changed, nothing parsed")
        #expect(cache.reused == held)

        let file = "sections/angles/kyphoplasty--medicare.md"
        let original = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
        for n in 1...5 {
            Self.write(original + "\nEdit \(n).\n", file, in: root)
            _ = LoadOutcome(root, cache: cache)
            #expect(cache.parsed == parses + n, "only the edited file is parsed again")
            #expect(cache.count == held)
        }
        Self.write(nil, file, in: root)
        _ = LoadOutcome(root, cache: cache)
        #expect(cache.count == held - 1, "a deleted file's parse is dropped")
    }
}
