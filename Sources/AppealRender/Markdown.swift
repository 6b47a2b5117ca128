import AppealModel
import CMarkGFM
import Foundation

/// GitHub-flavoured Markdown to HTML through cmark-gfm.
///
/// cmark-gfm 0.29 is not thread-safe even with one parser per thread: `cmark_parser_finish` changes
/// global tables, and two threads parsing at once garble each other's output. Every call therefore
/// holds `lock` (a `Locked`, like all shared state here) — the one piece of global mutable state in AppealPress. Rendering stays cheap because
/// each fragment is converted once per build, not once per page.
public enum Markdown {
    private static let lock = Locked(())

    /// Converts `markdown` to HTML. Raw HTML in the source is replaced by a comment unless `allowRawHTML`.
    public static func html(_ markdown: String, allowRawHTML: Bool = false) -> String {
        lock.withValue { _ in convert(markdown, allowRawHTML: allowRawHTML) }
    }

    /// The conversion itself; `html` holds the lock around it.
    private static func convert(_ markdown: String, allowRawHTML: Bool) -> String {
        cmark_gfm_core_extensions_ensure_registered()
        var options = CMARK_OPT_SMART | CMARK_OPT_GITHUB_PRE_LANG | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE
        if allowRawHTML { options |= CMARK_OPT_UNSAFE }
        guard let parser = cmark_parser_new(options) else { return "" }
        defer { cmark_parser_free(parser) }
        for name in ["table", "strikethrough", "autolink", "tagfilter", "tasklist"] {
            if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
        }
        // The UTF-8 length, not strlen: a NUL byte an editor pasted must not cut the fragment short.
        let length = markdown.utf8.count
        markdown.withCString { cmark_parser_feed(parser, $0, length) }
        guard let document = cmark_parser_finish(parser) else { return "" }
        defer { cmark_node_free(document) }
        guard let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else { return "" }
        defer { free(rendered) }
        return withoutControlCharacters(String(cString: rendered))
    }

    /// `html` with every C0 and C1 control character but tab and line feed replaced by U+FFFD, as
    /// cmark already does for `&#0;`. Content files cannot hold them (the loader refuses them), but a
    /// numeric reference such as `&#7;` or `&#x85;` decodes to one.
    static func withoutControlCharacters(_ html: String) -> String {
        func isControl(_ v: UInt32) -> Bool { (v < 0x20 && v != 0x09 && v != 0x0A) || (0x7F...0x9F).contains(v) }
        // Almost every fragment holds none: one pass over the bytes decides.
        guard html.utf8.contains(where: { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A) || $0 == 0x7F || $0 == 0xC2 }),
              html.unicodeScalars.contains(where: { isControl($0.value) }) else { return html }
        var scalars = String.UnicodeScalarView()
        for scalar in html.unicodeScalars { scalars.append(isControl(scalar.value) ? "\u{FFFD}" : scalar) }
        return String(scalars)
    }
}
