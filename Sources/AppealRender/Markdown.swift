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
        return String(cString: rendered)
    }
}
