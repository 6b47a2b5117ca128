import AppealModel
import AppealTemplate
import Foundation

/// A theme folder: Mustache templates (compiled once) and the assets copied to `assets/`.
public struct Theme: Sendable {
    /// Every template by name; partials are found by file name alone (`{{> head}}`).
    public let templates: [String: MustacheTemplate]
    /// Asset files, relative to `assets/`, sorted.
    public let assets: [String]
    public let assetsRoot: String
    /// Short content hash of `assets/style.css`, for cache-busting query strings.
    public let stylesheetVersion: String
    /// Fingerprint of every template and asset.
    public let contentHash: ContentHash
    /// The theme folder, and the text of each template as loaded (`templates/page.mustache`), so a
    /// finding can point at the line a tag comes from without reading the files again.
    public let root: String
    public let templateSources: [(file: String, text: String)]
    /// The words of each language, by language code (`strings/<code>.yaml`).
    public let strings: [String: ThemeStrings]
    /// The site-level share image (`assets/og-image.png`), with its size read from the file.
    public var ogImage: OGImage? = nil
    /// What loading found that does not stop a build (a file in `strings/` that is not YAML).
    public var warnings: [Diagnostic] = []

    static let requiredTemplates = ["page", "hub", "home", "404", "index", "guide", "standalone"]

    public static func load(from root: String) throws(DiagnosticError) -> Theme {
        var diagnostics = Diagnostics()
        let fm = FileManager.default
        let templatesRoot = root + "/templates"
        var templates: [String: MustacheTemplate] = [:]
        var paths: [String: String] = [:]
        var fingerprint = ContentHash()
        var sources: [(file: String, text: String)] = []
        let files = (fm.enumerator(atPath: templatesRoot)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".mustache") }.sorted()
        for file in files {
            let path = templatesRoot + "/" + file
            let name = String((file.split(separator: "/").last ?? "").dropLast(".mustache".count))
            guard let data = fm.contents(atPath: path), let text = String(validating: data, as: UTF8.self) else {
                diagnostics.error("cannot read template as UTF-8", at: SourceLocation(file: path))
                continue
            }
            if let other = paths[name] {
                diagnostics.error("two templates are named `\(name)` (also \(other))", at: SourceLocation(file: path), hint: "partials are found by file name alone")
            }
            paths[name] = path
            sources.append(("templates/" + file, text))
            fingerprint.add(file)
            fingerprint.add(text)
            do {
                templates[name] = try MustacheTemplate(text)
            } catch {
                diagnostics.error("template syntax: \(error.message)", at: SourceLocation(file: path, line: error.line, column: error.column))
            }
        }
        for (name, template) in templates.sorted(by: { $0.key < $1.key }) {
            for partial in Set(template.partials).sorted() where templates[partial] == nil {
                diagnostics.error("template uses partial `\(partial)`, which does not exist", at: SourceLocation(file: paths[name]!),
                                  hint: Suggest.hint(for: partial, in: templates.keys.sorted()))
            }
        }
        // A partial that includes itself, directly or through others, would expand without end
        // (two self-includes double the output at every level): refuse the loop when loading.
        var reported = Set<String>()
        for start in templates.keys.sorted() {
            var path: [String] = []
            func visit(_ name: String) -> [String]? {
                if let at = path.firstIndex(of: name) { return Array(path[at...]) + [name] }
                guard let template = templates[name] else { return nil }
                path.append(name)
                defer { path.removeLast() }
                for partial in Set(template.partials).sorted() { if let loop = visit(partial) { return loop } }
                return nil
            }
            guard let loop = visit(start), reported.insert(Set(loop).sorted().joined(separator: " ")).inserted else { continue }
            let first = loop[0], next = loop[1]
            let text = sources.first { $0.file.hasSuffix("/" + first + ".mustache") || $0.file == "templates/" + first + ".mustache" }?.text ?? ""
            let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("{{>") && $0.contains(next) }.map { $0 + 1 } ?? 1
            diagnostics.error("partials include each other in a loop: \(loop.joined(separator: " → "))", at: SourceLocation(file: paths[first]!, line: line, column: 1),
                              hint: "a partial cannot include itself, directly or through another partial")
        }
        for name in requiredTemplates where paths[name] == nil {
            diagnostics.error("theme has no `\(name).mustache`", at: SourceLocation(file: templatesRoot), hint: "see docs/theme.md for the templates a theme provides")
        }
        let assetsRoot = root + "/assets"
        var assets: [String] = []
        if let e = fm.enumerator(atPath: assetsRoot) {
            for case let file as String in e {
                var isDir: ObjCBool = false
                if fm.fileExists(atPath: assetsRoot + "/" + file, isDirectory: &isDir), !isDir.boolValue,
                   !file.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                    // A symbolic link may point anywhere: publish only what stays inside the theme.
                    let resolved = URL(fileURLWithPath: assetsRoot + "/" + file).resolvingSymlinksInPath().path
                    let themeRoot = URL(fileURLWithPath: root).resolvingSymlinksInPath().path + "/"
                    guard resolved.hasPrefix(themeRoot) else {
                        diagnostics.error("theme asset \(file) links to \(resolved), outside the theme", at: SourceLocation(file: assetsRoot + "/" + file),
                                          hint: "copy the file into the theme's assets/ instead of linking it")
                        continue
                    }
                    assets.append(file)
                }
            }
        }
        var strings: [String: ThemeStrings] = [:]
        let stringsRoot = root + "/strings"
        for file in (try? fm.contentsOfDirectory(atPath: stringsRoot))?.sorted() ?? [] where !file.hasPrefix(".") {
            guard file.hasSuffix(".yaml") else {
                diagnostics.warning("ignored: not a .yaml strings file", at: SourceLocation(file: stringsRoot + "/" + file))
                continue
            }
            let code = String(file.dropLast(5))
            if let loaded = ThemeStrings.load(path: stringsRoot + "/" + file, file: "strings/" + file, diagnostics: &diagnostics) {
                strings[code] = loaded
                fingerprint.add("strings/" + file)
                fingerprint.add(loaded.table.sorted { $0.key < $1.key }.map { $0.key + "=" + $0.value }.joined(separator: "\n"))
            }
        }
        ThemeStrings.check(strings, root: root, templates: sources, diagnostics: &diagnostics)
        if diagnostics.hasErrors { throw DiagnosticError(diagnostics.sorted) }
        for asset in assets.sorted() {
            fingerprint.add(asset)
            fingerprint.add(fm.contents(atPath: assetsRoot + "/" + asset) ?? Data())
        }
        let css = fm.contents(atPath: assetsRoot + "/style.css") ?? Data()
        var ogImage: OGImage?
        if assets.contains(OGImage.assetName) {
            guard let size = OGImage.pngSize(fm.contents(atPath: assetsRoot + "/" + OGImage.assetName) ?? Data()) else {
                throw DiagnosticError([.error("\(OGImage.assetName) is not a PNG image", at: SourceLocation(file: assetsRoot + "/" + OGImage.assetName),
                                              hint: "the site's share image must be a PNG (1200 × 630 is what most sites show best)")])
            }
            ogImage = OGImage(asset: OGImage.assetName, width: size.width, height: size.height)
        }
        return Theme(templates: templates, assets: assets.sorted(), assetsRoot: assetsRoot, stylesheetVersion: String(ContentHash(css).description.suffix(10)),
                     contentHash: fingerprint, root: root, templateSources: sources, strings: strings, ogImage: ogImage,
                     warnings: diagnostics.sorted.filter { $0.severity == .warning })
    }

    /// Renders template `name` (it exists: `load` checked) with HTML escaping for `{{ }}`.
    func render(_ name: String, _ context: TemplateValue) -> String {
        var bytes: [UInt8] = []
        render(name, context, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Renders template `name`, appending its bytes to `out`.
    func render(_ name: String, _ context: TemplateValue, side: [UInt8] = [], into out: inout [UInt8]) {
        templates[name]?.render(context, partials: templates, escaping: .html, side: side, into: &out)
    }
}

/// The image a link preview shows for every page (`og:image`), and its size in pixels.
public struct OGImage: Sendable, Hashable {
    public static let assetName = "og-image.png"
    public var asset: String
    public var width: Int
    public var height: Int

    /// Width and height from a PNG's header (the IHDR chunk that must come first), nil when the
    /// bytes are not a PNG.
    static func pngSize(_ data: Data) -> (width: Int, height: Int)? {
        let bytes = [UInt8](data.prefix(24))
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard bytes.count == 24, Array(bytes[0..<8]) == signature, Array(bytes[12..<16]) == Array("IHDR".utf8) else { return nil }
        func be32(_ i: Int) -> Int { bytes[i..<(i + 4)].reduce(0) { $0 << 8 | Int($1) } }
        let w = be32(16), h = be32(20)
        return w > 0 && h > 0 ? (w, h) : nil
    }
}
