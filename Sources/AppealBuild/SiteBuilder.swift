import AppealCheck
import AppealLoad
import AppealModel
import AppealPlan
import AppealRender
import AppealWrite
import Foundation

/// What `appealpress build` was asked to do.
public struct BuildOptions: Sendable {
    public var content: String
    public var theme: String
    public var output: String
    public var date: Day
    /// Replaces `base_url` from site.yaml (e.g. for a staging host).
    public var baseURL: String?
    /// Run `check` on the pages as they are written (its findings are warnings unless `strict`).
    public var check: Bool
    /// Any check finding fails the build, and nothing is written.
    public var strict: Bool

    public init(content: String = "Content", theme: String = "Themes/default", output: String = "Public", date: Day, baseURL: String? = nil,
                check: Bool = true, strict: Bool = false) {
        self.content = content
        self.theme = theme
        self.output = output
        self.date = date
        self.baseURL = baseURL
        self.check = check
        self.strict = strict
    }
}

/// What a build did.
public struct BuildReport: Sendable {
    public var pages: Int
    public var thinPages: Int
    public var files: Int
    public var written: Int
    public var unchanged: Int
    public var removed: Int
    /// Warnings of loading and planning.
    public var warnings: [Diagnostic]
    /// What the checks found (nil with `check: false`). Without `strict` every finding is a warning.
    public var check: CheckResult?
    /// False when `strict` checks failed: the previous output was left as it was.
    public var committed: Bool
    public var seconds: Double
}

/// The pipeline, top to bottom: load → plan → render → write. Validation finishes before anything
/// is written, and the output is swapped in only when every file rendered.
public enum SiteBuilder {
    /// The build date: `--date`, else `SOURCE_DATE_EPOCH`, else today (UTC).
    public static func buildDate(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                                 now: Date = Date()) throws(DiagnosticError) -> Day {
        if let flag {
            guard let day = Day(iso: flag) else {
                throw DiagnosticError([.error("--date `\(flag)` is not a date", at: nil, hint: "write it as YYYY-MM-DD, e.g. 2026-11-29")])
            }
            return day
        }
        if let epoch = environment["SOURCE_DATE_EPOCH"] {
            guard let seconds = Int64(epoch) else {
                throw DiagnosticError([.error("SOURCE_DATE_EPOCH `\(epoch)` is not a number of seconds", at: nil,
                                              hint: "unset it or set it to a Unix time such as 1764374400")])
            }
            return Day(unixSeconds: seconds)
        }
        return Day(unixSeconds: Int64(now.timeIntervalSince1970))
    }

    /// Loads, validates and plans the site; throws every error found.
    public static func prepare(_ options: BuildOptions) throws(DiagnosticError) -> (SiteRenderer, [Diagnostic]) {
        var problems: [Diagnostic] = []
        var loaded: (Site, [Diagnostic])?
        var theme: Theme?
        do { loaded = try ContentLoader.load(from: options.content) } catch { problems += error.diagnostics }
        do { theme = try Theme.load(from: options.theme) } catch { problems += error.diagnostics }
        guard case (var site, let warnings)? = loaded, let theme else { throw DiagnosticError(problems) }
        if let text = options.baseURL {
            guard let url = BaseURL(text) else {
                throw DiagnosticError([.error("--base-url `\(text)` must be an absolute http(s) URL", at: nil, hint: "for example https://example.org/guides/")])
            }
            site.config.baseURL = url
        }
        let (plan, planWarnings) = try Planner.plan(site, buildDate: options.date)
        return (SiteRenderer(plan: plan, theme: theme), warnings + planWarnings)
    }

    /// Loads, plans, renders and checks the site without writing anything: `appealpress check`.
    public static func check(_ options: BuildOptions) throws(DiagnosticError) -> CheckResult {
        let (renderer, warnings) = try prepare(options)
        return SiteChecker.check(renderer: renderer).adding(validation: warnings)
    }

    public static func build(_ options: BuildOptions, progress: (@Sendable (Int, Int) -> Void)? = nil) throws(DiagnosticError) -> BuildReport {
        let start = Date()
        let (renderer, warnings) = try prepare(options)
        let writer = try OutputWriter(output: options.output)
        // The checks see each page as it is written, so the site is rendered once.
        let checker = options.check ? SiteChecker(renderer: renderer) : nil
        var inspect: (@Sendable (PageKind, String) -> Void)?
        if let checker { inspect = { kind, html in checker.inspect(kind, html: html) } }
        do throws(DiagnosticError) {
            let sitemaps = renderer.sitemapFiles()
            try writeAll(renderer, sitemaps: sitemaps, to: writer, progress: progress, inspect: inspect)
            var check = checker?.finish(sitemaps: sitemaps)
            let plan = renderer.plan
            var report = BuildReport(pages: plan.cells.count, thinPages: plan.cells.filter(\.thin).count, files: 0, written: 0,
                                     unchanged: 0, removed: 0, warnings: warnings, check: nil, committed: false, seconds: 0)
            if options.strict, let result = check, result.fails(strict: true) {
                writer.abandon()
                report.check = result
                report.seconds = Date().timeIntervalSince(start)
                return report
            }
            if !options.strict { check = check?.downgraded() }
            let summary = try writer.commit()
            report.files = summary.written + summary.unchanged
            report.written = summary.written
            report.unchanged = summary.unchanged
            report.removed = summary.removed
            report.check = check
            report.committed = true
            report.seconds = Date().timeIntervalSince(start)
            return report
        } catch {
            writer.abandon()
            throw error
        }
    }

    /// Renders every output into the writer: pages in parallel, then site-level files and assets.
    static func writeAll(_ renderer: SiteRenderer, sitemaps: [(String, String)], to writer: OutputWriter, progress: (@Sendable (Int, Int) -> Void)?,
                         inspect: (@Sendable (PageKind, String) -> Void)?) throws(DiagnosticError) {
        let plan = renderer.plan
        let count = plan.cells.count
        let failure = FirstError()
        let done = Counter()
        let chunk = 256
        let chunks = (count + chunk - 1) / chunk
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            for i in (c * chunk)..<min(count, (c + 1) * chunk) {
                if failure.isSet { return }
                do throws(DiagnosticError) {
                    let html = renderer.renderPage(i)
                    try writer.write(SiteRenderer.file(for: plan.cells[i].path), text: html)
                    inspect?(.cell(i), html)
                } catch {
                    failure.set(error)
                    return
                }
            }
            progress?(done.add(min(count, (c + 1) * chunk) - c * chunk), count)
        }
        if let error = failure.error { throw error }

        let home = renderer.renderHome(), notFound = renderer.render404()
        try writer.write("index.html", text: home)
        try writer.write("404.html", text: notFound)
        inspect?(.home, home)
        inspect?(.notFound, notFound)
        for d in plan.site.matrix.dimensions.indices {
            for e in plan.site.entities[d].indices {
                if let html = renderer.renderHub(dimension: d, entity: e) {
                    try writer.write(SiteRenderer.file(for: plan.hubPaths[d][e]), text: html)
                    inspect?(.hub(dimension: d, entity: e), html)
                }
            }
        }
        for (path, xml) in sitemaps { try writer.write(String(path.dropFirst()), text: xml) }
        try writer.write("robots.txt", text: renderer.robots())
        for asset in renderer.theme.assets {
            guard let data = FileManager.default.contents(atPath: renderer.theme.assetsRoot + "/" + asset) else {
                throw DiagnosticError([.error("cannot read theme asset", at: SourceLocation(file: renderer.theme.assetsRoot + "/" + asset))])
            }
            try writer.write("assets/" + asset, [UInt8](data))
        }
    }
}

/// The first error raised by any worker thread.
final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: DiagnosticError?
    var isSet: Bool { lock.withLock { stored != nil } }
    var error: DiagnosticError? { lock.withLock { stored } }
    func set(_ error: DiagnosticError) { lock.withLock { if stored == nil { stored = error } } }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func add(_ n: Int) -> Int { lock.withLock { value += n; return value } }
}
