import AppealModel
import AppealTemplate
import AppealTestSupport
import Foundation
import Mustache
import Testing

/// The theme engine renders the default theme as swift-mustache, the reference implementation, does —
/// on the sample contexts the theme was designed with. Lines are compared without their leading
/// white space: inside an indented partial, swift-mustache indents only some loop iterations, where
/// the spec (and `partialIndentationFollowsTheSpec`) indents every line.
@Suite struct ReferenceTests {
    static let contexts = ["page", "page-nonote", "hub", "home", "404", "evil"]

    /// JSON as a TemplateValue; null becomes `false`.
    struct JSONValue: Decodable {
        let value: TemplateValue
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { value = .bool(false) }
            else if let b = try? c.decode(Bool.self) { value = .bool(b) }
            else if let n = try? c.decode(Int.self) { value = .int(n) }
            else if let s = try? c.decode(String.self) { value = .string(s) }
            else if let a = try? c.decode([JSONValue].self) { value = .list(a.map(\.value)) }
            else { value = .object(TemplateFields(try c.decode([String: JSONValue].self).mapValues(\.value))) }
        }
    }

    static func any(_ v: TemplateValue) -> Any {
        switch v {
        case .string(let s): return s
        case .int(let n): return n
        case .bool(let b): return b
        case .list(let items): return items.map(any)
        case .object(let fields): return fields.dictionary.mapValues(any)
        case .shared(let object): return object.fields.dictionary.mapValues(any)
        case .side: return ""  // never in a JSON context
        }
    }

    @Test(arguments: contexts)
    func defaultThemeMatchesTheReference(_ name: String) throws {
        let data = try #require(FileManager.default.contents(atPath: Fixtures.path("theme-contexts/\(name).json")))
        let context = try JSONDecoder().decode(JSONValue.self, from: data).value
        let templatesRoot = Fixtures.defaultTheme + "/templates"
        var ours: [String: AppealTemplate.MustacheTemplate] = [:]
        var reference = MustacheLibrary()
        for file in FileManager.default.enumerator(atPath: templatesRoot)!.allObjects as! [String] where file.hasSuffix(".mustache") {
            let text = Fixtures.read(templatesRoot + "/" + file)
            let templateName = String(file.split(separator: "/").last!.dropLast(9))
            ours[templateName] = try AppealTemplate.MustacheTemplate(text)
            reference.register(try Mustache.MustacheTemplate(string: text), named: templateName)
        }
        let template = name.hasPrefix("page") || name == "evil" ? "page" : name
        let expected = try #require(reference.render(Self.any(context), withTemplate: template))
        var bytes: [UInt8] = []
        ours[template]!.render(context, partials: ours, escaping: .html, into: &bytes)
        let actual = String(decoding: bytes, as: UTF8.self)
        #expect(actual.count > 1_000)
        func lines(_ s: String) -> [Substring] { s.split(separator: "\n", omittingEmptySubsequences: false).map { $0.drop { $0 == " " } } }
        let a = lines(actual), e = lines(expected)
        if a != e {
            let first = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }
            Issue.record("differs from swift-mustache at line \((first?.offset ?? min(a.count, e.count)) + 1): ours `\(first?.element.0 ?? "")` reference `\(first?.element.1 ?? "")`")
        }
    }
}
