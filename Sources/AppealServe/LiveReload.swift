import AppealModel
import Foundation

/// What `serve` adds to HTML responses, and only to responses: `build` output never carries it.
enum LiveReload {
    static let eventsPath = "/__appealpress/events"

    /// Reloads the tab when the site's generation differs from the one this page was rendered from:
    /// after a rebuild, and after `serve` restarts (the stream reconnects and says hello); and when
    /// the background page checks of this generation found another number of findings than the
    /// page shows (`findings`; -1 on an error page, which only a rebuild changes).
    static func script(generation: String, findings: Int = -1) -> String {
        """
        <script id="appealpress-live-reload">
        // Added by `appealpress serve` for live reload; `appealpress build` never writes it.
        (function () {
          if (!window.EventSource) return;
          var generation = "\(generation)", findings = \(findings);
          var events = new EventSource("\(eventsPath)");
          function check(event) {
            var data = JSON.parse(event.data);
            if (data.generation !== generation) { events.close(); location.reload(); }
          }
          function checked(event) {
            var data = JSON.parse(event.data);
            if (data.generation === generation && findings >= 0 && data.findings !== findings) { events.close(); location.reload(); }
          }
          events.addEventListener("hello", check);
          events.addEventListener("reload", check);
          events.addEventListener("checked", checked);
        })();
        </script>

        """
    }

    /// The panel over every page: every error of the last rebuild, escaped, over the last good page;
    /// or, when the site built, what `build` would warn about (red for errors, amber for warnings).
    static func overlay(_ errors: [Diagnostic], limit: Int = 50) -> String {
        let failed = errors.contains { $0.severity == .error }
        let count = "\(errors.count) \(failed ? "error" : "warning")\(errors.count == 1 ? "" : "s")"
        let headline = failed ? "You are looking at the last good build; save a fix and this page reloads by itself."
            : "The site builds; these are what `appealpress build` warns about. Save a fix and this page reloads by itself."
        let (background, border) = failed ? ("#2b0b0e", "#e5484d") : ("#2b210b", "#f5a524")
        var html = """
        <div id="\(failed ? "appealpress-errors" : "appealpress-findings")" role="\(failed ? "alert" : "status")" style="position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;\
        z-index:2147483647;margin:0;padding:1rem 1.25rem;background:\(background);color:#fff;text-align:left;\
        font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;border-top:4px solid \(border);box-shadow:0 -4px 24px rgba(0,0,0,.4)">
        <button type="button" onclick="this.parentNode.remove()" style="float:right;font:inherit;color:#fff;background:transparent;\
        border:1px solid #fff;border-radius:4px;padding:0 .5rem;cursor:pointer">Hide</button>
        <p style="margin:0 0 .5rem;font-weight:bold">AppealPress: \(count). \(headline)</p>
        <ol style="margin:0;padding-left:1.5rem">

        """
        for d in errors.prefix(limit) {
            html += "<li style=\"margin:.35rem 0\">"
            if let location = d.location { html += "<span style=\"color:#ffb4b4\">\(Escape.html(location.description))</span>: " }
            html += "\(d.severity.rawValue): \(Escape.html(d.message))"
            if let hint = d.hint { html += "<br><span style=\"color:#d0d0d0\">hint: \(Escape.html(hint))</span>" }
            html += "</li>\n"
        }
        html += "</ol>\n"
        if errors.count > limit { html += "<p style=\"margin:.5rem 0 0\">… and \(errors.count - limit) more: see the terminal.</p>\n" }
        return html + "</div>\n"
    }

    /// Shown for every page while the site has never built: there is no last good page to show.
    static func errorPage(_ errors: [Diagnostic], generation: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>The site has errors · AppealPress</title></head>
        <body style="font:16px/1.5 system-ui,sans-serif;margin:2rem">
        <h1>The site has errors</h1>
        <p>There is no good build to show yet. Fix the errors below (they are in the terminal too) and save: this page reloads by itself.</p>
        \(overlay(errors))\(script(generation: generation))</body>
        </html>

        """
    }

    /// Puts `addition` before the last `</body>`, or at the end when a theme leaves it out.
    static func inject(_ addition: String, into html: String) -> String {
        guard let close = html.range(of: "</body>", options: [.backwards, .caseInsensitive]) else { return html + addition }
        return html.replacingCharacters(in: close.lowerBound..<close.lowerBound, with: addition)
    }
}
