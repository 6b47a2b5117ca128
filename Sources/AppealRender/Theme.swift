import AppealModel
import Foundation
import Mustache

/// A theme folder: Mustache templates (parsed once) and the assets copied to `assets/`.
public struct Theme: Sendable {
    public let library: MustacheLibrary
    /// Asset files, relative to `assets/`, sorted.
    public let assets: [String]
    public let assetsRoot: String
    /// Short content hash of `assets/style.css`, for cache-busting query strings.
    public let stylesheetVersion: String

    static let requiredTemplates = ["page", "hub", "home", "404"]
    static let escapingPragma = "{{% CONTENT_TYPE: APPEALPRESS_HTML }}\n"

    /// Registers the escaper once per process; `MustacheContentTypes` is a global table.
    private static let registerEscaper: Void = MustacheContentTypes.register(HTMLEscaping(), named: "APPEALPRESS_HTML")

    struct HTMLEscaping: MustacheContentType {
        func escapeText(_ text: String) -> String { Escape.html(text) }
    }

    public static func load(from root: String) throws(DiagnosticError) -> Theme {
        var diagnostics = Diagnostics()
        _ = registerEscaper
        let fm = FileManager.default
        let templatesRoot = root + "/templates"
        var library = MustacheLibrary()
        let files = (fm.enumerator(atPath: templatesRoot)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".mustache") }.sorted()
        var names = Set<String>()
        for file in files {
            let path = templatesRoot + "/" + file
            let name = String((file.split(separator: "/").last ?? "").dropLast(".mustache".count))
            guard let data = fm.contents(atPath: path), let text = String(validating: data, as: UTF8.self) else {
                diagnostics.error("cannot read template as UTF-8", at: SourceLocation(file: path))
                continue
            }
            if names.contains(name) {
                diagnostics.error("two templates are named `\(name)`", at: SourceLocation(file: path), hint: "partials are found by file name alone")
            }
            names.insert(name)
            do {
                // The pragma (on a line of its own, which Mustache drops from the output) swaps
                // swift-mustache's per-character dictionary escaper for `Escape.html`, which has the same
                // output and a fast path for the common case of text with nothing to escape.
                library.register(try MustacheTemplate(string: Self.escapingPragma + text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                diagnostics.error("template syntax: \(error.error)", at: SourceLocation(file: path, line: error.context.lineNumber - 1, column: error.context.columnNumber))
            } catch {
                diagnostics.error("template syntax: \(error)", at: SourceLocation(file: path))
            }
        }
        for name in requiredTemplates where !names.contains(name) {
            diagnostics.error("theme has no `\(name).mustache`", at: SourceLocation(file: templatesRoot), hint: "see docs/theme.md for the templates a theme provides")
        }
        let assetsRoot = root + "/assets"
        var assets: [String] = []
        if let e = fm.enumerator(atPath: assetsRoot) {
            for case let file as String in e {
                var isDir: ObjCBool = false
                if fm.fileExists(atPath: assetsRoot + "/" + file, isDirectory: &isDir), !isDir.boolValue,
                   !file.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                    assets.append(file)
                }
            }
        }
        if diagnostics.hasErrors { throw DiagnosticError(diagnostics.sorted) }
        let css = fm.contents(atPath: assetsRoot + "/style.css") ?? Data()
        return Theme(library: library, assets: assets.sorted(), assetsRoot: assetsRoot, stylesheetVersion: Self.hash(css))
    }

    /// FNV-1a, 64-bit, as 10 hex digits: stable across runs and platforms.
    static func hash(_ data: Data) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(String(h, radix: 16).suffix(10))
    }

    func render(_ name: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: name) ?? ""
    }
}
