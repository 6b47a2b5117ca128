import AppealLoad
import AppealModel
import AppealTestSupport
import Foundation
import Testing

/// Edits whose effect reaches files that did not change (a parse depends on something beyond its
/// own bytes), and files that change kind: after each step the cached load must equal a fresh one.
@Suite struct LoadCacheSequenceTests {
    typealias T = LoadCacheTests

    static func text(_ file: String, in root: String) -> String {
        try! String(contentsOfFile: root + "/" + file, encoding: .utf8)
    }

    static func edit(_ file: String, in root: String, _ change: (String) -> String) {
        T.write(change(text(file, in: root)), file, in: root)
    }

    /// Spanish dropped from site.yaml: every value's Spanish body and every sections/es fragment
    /// changes meaning though none of those files changed; then Spanish comes back.
    @Test func languagesRemovedAndRestored() throws {
        let root = T.bundledCopy()
        let cache = LoadCache()
        let first = T.expectSameAsFresh(root, cache, "first load")
        let original = Self.text("site.yaml", in: root)
        let spanish = "  - { code: es, tag: es-US, name: Español, prefix: /es/ }\n"
        #expect(original.contains(spanish))
        T.write(original.replacingOccurrences(of: spanish, with: ""), "site.yaml", in: root)
        let english = T.expectSameAsFresh(root, cache, "Spanish removed")
        #expect(english != first)
        T.write(original, "site.yaml", in: root)
        #expect(T.expectSameAsFresh(root, cache, "Spanish restored") == first)
    }

    /// A field made optional in matrix.yaml, then a value that leaves it out, then required again:
    /// the value's file did not change at the last step, its dimension did.
    @Test func requiredFieldTurnedOptionalAndBack() throws {
        let root = T.bundledCopy()
        let cache = LoadCache()
        let first = T.expectSameAsFresh(root, cache, "first load")
        let matrix = Self.text("matrix.yaml", in: root)
        let line = "      short_name: required  # lower-case form for mid-sentence use"
        #expect(matrix.contains(line))
        T.write(matrix.replacingOccurrences(of: line, with: "      short_name: optional  # lower-case form for mid-sentence use"), "matrix.yaml", in: root)
        let optional = T.expectSameAsFresh(root, cache, "field optional")
        #expect(optional.site != nil, "\(optional.errors)")
        Self.edit("procedures/kyphoplasty.md", in: root) { $0.replacingOccurrences(of: "short_name:\n  en: kyphoplasty\n  es: la cifoplastia\n", with: "") }
        let without = T.expectSameAsFresh(root, cache, "value without the field")
        #expect(without.site != nil, "\(without.errors)")
        T.write(matrix, "matrix.yaml", in: root)
        let required = T.expectSameAsFresh(root, cache, "field required again")
        #expect(required.errors.contains { $0.location?.file.hasSuffix("procedures/kyphoplasty.md") == true }, "\(required.errors)")
        _ = first
    }

    /// A value deleted while unchanged fragments and an unchanged payer name it, then added back;
    /// a policy an unchanged payer names deleted and added back.
    @Test func namedValuesAndPoliciesDeletedAndRestored() throws {
        let root = T.bundledCopy()
        let cache = LoadCache()
        let first = T.expectSameAsFresh(root, cache, "first load")
        for file in ["procedures/kyphoplasty.md", "policies/employer-erisa.yaml"] {
            let original = Self.text(file, in: root)
            T.write(nil, file, in: root)
            let gone = T.expectSameAsFresh(root, cache, "\(file) deleted")
            #expect(!gone.errors.isEmpty, "what names \(file) is now an error")
            T.write(original, file, in: root)
            #expect(T.expectSameAsFresh(root, cache, "\(file) restored") == first)
        }
    }

    /// A value's Spanish body replaced by a folder, then by a link to another file, whose bytes are
    /// then edited (the link itself unchanged), then a real file again.
    @Test func aFileReplacedByAFolderThenALink() throws {
        let root = T.bundledCopy()
        let cache = LoadCache()
        let fm = FileManager.default
        let file = "procedures/es/kyphoplasty.md"
        let original = Self.text(file, in: root)
        let first = T.expectSameAsFresh(root, cache, "first load")
        try fm.removeItem(atPath: root + "/" + file)
        try fm.createDirectory(atPath: root + "/" + file, withIntermediateDirectories: false)
        let folder = T.expectSameAsFresh(root, cache, "a folder")
        #expect(folder != first)
        try fm.removeItem(atPath: root + "/" + file)
        let target = Fixtures.scratch("load-cache-link") + "/target.md"
        try original.write(toFile: target, atomically: false, encoding: .utf8)
        try fm.createSymbolicLink(atPath: root + "/" + file, withDestinationPath: target)
        #expect(T.expectSameAsFresh(root, cache, "a link to the same text") == first)
        try (original + "\nUna frase más por el enlace.\n").write(toFile: target, atomically: false, encoding: .utf8)
        let linked = T.expectSameAsFresh(root, cache, "the link's target edited")
        #expect(linked.site?.contains("Una frase más por el enlace.") == true)
        try fm.removeItem(atPath: target)
        let dangling = T.expectSameAsFresh(root, cache, "the link's target deleted")
        #expect(dangling != first)
        try fm.removeItem(atPath: root + "/" + file)
        T.write(original, file, in: root)
        #expect(T.expectSameAsFresh(root, cache, "a file again") == first)
    }

    /// A fragment renamed by case only, then back: the name is part of what it gives (its file).
    @Test func aCaseOnlyRename() throws {
        let root = T.bundledCopy()
        let cache = LoadCache()
        let fm = FileManager.default
        let first = T.expectSameAsFresh(root, cache, "first load")
        let a = root + "/sections/angles/kyphoplasty--medicare.md", b = root + "/sections/angles/Kyphoplasty--Medicare.md"
        try fm.moveItem(atPath: a, toPath: b)
        let renamed = T.expectSameAsFresh(root, cache, "renamed")
        #expect(renamed != first)
        try fm.moveItem(atPath: b, toPath: a)
        #expect(T.expectSameAsFresh(root, cache, "renamed back") == first)
    }

    /// Settings the load does not read (raw_html, thin_pages) still reach the site's config.
    @Test func siteSettingsEveryParseIgnores() throws {
        let root = T.bundledCopy()
        let cache = LoadCache()
        let first = T.expectSameAsFresh(root, cache, "first load")
        Self.edit("site.yaml", in: root) { $0.replacingOccurrences(of: "raw_html: false", with: "raw_html: true")
            .replacingOccurrences(of: "thin_pages: noindex", with: "thin_pages: skip") }
        let changed = T.expectSameAsFresh(root, cache, "raw_html and thin_pages changed")
        #expect(changed != first)
    }
}
