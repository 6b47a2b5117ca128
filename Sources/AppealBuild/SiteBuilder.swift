import AppealCheck
import AppealFiles
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

/// Where a build is, for progress displays: the stage, and pages rendered so far while rendering.
public struct BuildProgress: Sendable, Equatable {
    public enum Stage: String, Sendable {
        case loading, planning, rendering
        /// Home, hubs, sitemaps, robots.txt and theme assets.
        case siteFiles = "site files"
        /// Swapping the staged output in.
        case finishing
    }

    public var stage: Stage
    public var done: Int
    public var total: Int

    public init(stage: Stage, done: Int = 0, total: Int = 0) {
        self.stage = stage
        self.done = done
        self.total = total
    }
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
            // Within ±10,000 years of 1970: anything else is a typo, and would overflow the date math.
            guard let seconds = Int64(epoch), (-315_569_520_000...315_569_520_000).contains(seconds) else {
                throw DiagnosticError([.error("SOURCE_DATE_EPOCH `\(epoch)` is not a number of seconds", at: nil,
                                              hint: "unset it or set it to a Unix time such as 1764374400")])
            }
            return Day(unixSeconds: seconds)
        }
        return Day(unixSeconds: Int64(now.timeIntervalSince1970))
    }

    /// Loads, validates and plans the site; throws every error found. `previous` (a preview's last
    /// good site) saves converting the Markdown that did not change.
    public static func prepare(_ options: BuildOptions, progress: (@Sendable (BuildProgress) -> Void)? = nil,
                               reusing previous: SiteRenderer? = nil) throws(DiagnosticError) -> (SiteRenderer, [Diagnostic]) {
        progress?(BuildProgress(stage: .loading))
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
        progress?(BuildProgress(stage: .planning))
        let plan: SitePlan, planWarnings: [Diagnostic]
        do { (plan, planWarnings) = try Planner.plan(site, buildDate: options.date) } catch {
            // Loading's warnings still matter when planning fails: report the whole pass.
            throw DiagnosticError(warnings + error.diagnostics)
        }
        return (SiteRenderer(plan: plan, theme: theme, reusing: previous), warnings + planWarnings)
    }

    /// Loads, plans, renders and checks the site without writing anything: `appealpress check`.
    public static func check(_ options: BuildOptions) throws(DiagnosticError) -> CheckResult {
        let (renderer, warnings) = try prepare(options)
        return SiteChecker.check(renderer: renderer).adding(validation: warnings)
    }

    /// Validates, renders, checks and writes the whole site; `progress` is called from worker threads.
    public static func build(_ options: BuildOptions, progress: (@Sendable (BuildProgress) -> Void)? = nil) throws(DiagnosticError) -> BuildReport {
        let start = Date()
        // No input file touched since the last build (same sizes, times, options and program): the
        // output is already right and nothing needs even reading. Not under --strict, which must see
        // the checks pass.
        let stamp = InputStamp.of(options)
        let recorded = OutputWriter.fingerprints(of: options.output)
        if !options.strict, let stamp, let counts = InputStamp.counts(in: recorded, matching: stamp), outputsExist(recorded, in: options.output) {
            let files = recorded.keys.filter { !$0.hasPrefix("*") }.count
            return BuildReport(pages: counts.pages, thinPages: counts.thin, files: files, written: 0, unchanged: files, removed: 0,
                               warnings: [], check: nil, committed: true, seconds: Date().timeIntervalSince(start))
        }
        let (renderer, warnings) = try prepare(options, progress: progress)
        let plan = renderer.plan
        let fingerprints = PageFingerprints(renderer)
        // Nothing changed since the last build (every input file, the theme, the date): the output is
        // already right, so nothing is rendered, staged or swapped. Not under --strict, which must
        // see the checks pass, and the last build may have committed with warnings.
        let thin = plan.cells.filter(\.thin).count
        if !options.strict, recorded[PageFingerprints.siteKey] == fingerprints.site, outputsExist(recorded, in: options.output) {
            let files = recorded.keys.filter { !$0.hasPrefix("*") }.count
            return BuildReport(pages: plan.cells.count, thinPages: thin, files: files, written: 0, unchanged: files, removed: 0,
                               warnings: warnings, check: nil, committed: true, seconds: Date().timeIntervalSince(start))
        }
        let writer = try OutputWriter(output: options.output, previous: recorded)
        writer.record(fingerprint: fingerprints.site, for: PageFingerprints.siteKey)
        if let stamp { writer.record(fingerprint: InputStamp.entry(stamp, pages: plan.cells.count, thin: thin), for: InputStamp.key) }
        // The checks see each page as it is written (or read back, when carried over), so the site is rendered once.
        let checker = options.check ? SiteChecker(renderer: renderer) : nil
        var inspect: (@Sendable (PageKind, String) -> Void)?
        if let checker { inspect = { kind, html in checker.inspect(kind, html: html) } }
        do throws(DiagnosticError) {
            let sitemaps = try writeAll(renderer, fingerprints: fingerprints, to: writer, progress: progress, inspect: inspect)
            progress?(BuildProgress(stage: .finishing))
            var check = checker?.finish(sitemaps: sitemaps)
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

    /// Every file the last build listed (entries starting with `*` are not files) is still there.
    static func outputsExist(_ manifest: [String: String], in output: String) -> Bool {
        let folder = open(output, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { return false }
        defer { close(folder) }
        guard !manifest.isEmpty else { return false }
        // Both cores: on a large site this is one stat call per page.
        let files = manifest.keys.filter { !$0.hasPrefix("*") }
        let missing = Locked(0)
        let chunk = 4_096
        DispatchQueue.concurrentPerform(iterations: (files.count + chunk - 1) / chunk) { c in
            let found = files[(c * chunk)..<min(files.count, (c + 1) * chunk)].allSatisfy { FileTree.exists($0, in: folder) }
            if !found { missing.withValue { $0 += 1 } }
        }
        return missing.current == 0
    }

    /// Renders every output into the writer, on every core: the sitemaps and hubs first (the largest
    /// single jobs), then the pages in chunks; then theme assets. Returns the sitemaps, for the checks.
    static func writeAll(_ renderer: SiteRenderer, fingerprints: PageFingerprints, to writer: OutputWriter,
                         progress: (@Sendable (BuildProgress) -> Void)?, inspect: (@Sendable (PageKind, String) -> Void)?) throws(DiagnosticError) -> [(String, String)] {
        let plan = renderer.plan
        let count = plan.cells.count
        let failure = Locked<DiagnosticError?>(nil)
        let done = Locked(0)
        let sitemaps = Locked<[(String, String)]>([])
        progress?(BuildProgress(stage: .rendering, done: 0, total: count))
        let hubs: [(d: Int, e: Int)] = plan.site.matrix.dimensions.indices.flatMap { d in
            plan.site.entities[d].indices.filter { renderer.hasHub(dimension: d, entity: $0) }.map { (d, $0) }
        }
        // Small enough chunks for a smooth progress line, large enough that the counter's lock is cheap.
        let chunk = 64
        let chunks = (count + chunk - 1) / chunk
        let siteJobs = 1 + hubs.count
        DispatchQueue.concurrentPerform(iterations: siteJobs + chunks) { job in
            if failure.current != nil { return }
            do throws(DiagnosticError) {
                if job == 0 {
                    let files = renderer.sitemapFiles()
                    for (path, xml) in files { try writer.write(String(path.dropFirst()), text: xml) }
                    sitemaps.withValue { $0 = files }
                    let home = renderer.renderHome(), notFound = renderer.render404()
                    try writer.write("index.html", text: home)
                    try writer.write("404.html", text: notFound)
                    try writer.write("robots.txt", text: renderer.robots())
                    inspect?(.home, home)
                    inspect?(.notFound, notFound)
                } else if job < siteJobs {
                    let (d, e) = hubs[job - 1]
                    if let html = renderer.renderHub(dimension: d, entity: e) {
                        try writer.write(SiteRenderer.file(for: plan.hubPaths[d][e]), text: html)
                        inspect?(.hub(dimension: d, entity: e), html)
                    }
                } else {
                    let c = job - siteJobs
                    try writePages((c * chunk)..<min(count, (c + 1) * chunk), renderer, fingerprints: fingerprints, to: writer,
                                   failure: failure, inspect: inspect)
                    let finished = done.withValue { $0 += min(count, (c + 1) * chunk) - c * chunk; return $0 }
                    progress?(BuildProgress(stage: .rendering, done: finished, total: count))
                }
            } catch {
                failure.withValue { if $0 == nil { $0 = error } }
            }
        }
        if let error = failure.current { throw error }
        progress?(BuildProgress(stage: .siteFiles, done: count, total: count))
        for asset in renderer.theme.assets {
            guard let data = FileManager.default.contents(atPath: renderer.theme.assetsRoot + "/" + asset) else {
                throw DiagnosticError([.error("cannot read theme asset", at: SourceLocation(file: renderer.theme.assetsRoot + "/" + asset))])
            }
            try writer.write("assets/" + asset, [UInt8](data))
        }
        return sitemaps.current
    }

    /// Renders and stages the pages of cells `range`, carrying over those whose inputs did not change.
    static func writePages(_ range: Range<Int>, _ renderer: SiteRenderer, fingerprints: PageFingerprints, to writer: OutputWriter,
                           failure: Locked<DiagnosticError?>, inspect: (@Sendable (PageKind, String) -> Void)?) throws(DiagnosticError) {
        // One pair of buffers per chunk, reused page after page.
        var html: [UInt8] = [], scratch: [UInt8] = []
        html.reserveCapacity(65_536)
        scratch.reserveCapacity(65_536)
        for i in range {
            if failure.current != nil { return }
            let file = SiteRenderer.file(for: renderer.plan.cells[i].path)
            let fingerprint = fingerprints.of(i)
            // A page whose inputs are unchanged since the last build is carried over, not rendered.
            if writer.previousFingerprints[file] == fingerprint, try writer.carryOver(file, fingerprint: fingerprint) {
                if let inspect, let text = writer.previousText(file) { inspect(.cell(i), text) }
                continue
            }
            html.removeAll(keepingCapacity: true)
            renderer.renderPage(i, into: &html, scratch: &scratch)
            try writer.write(file, html, fingerprint: fingerprint)
            inspect?(.cell(i), String(decoding: html, as: UTF8.self))
        }
    }
}

/// What a page's HTML depends on: the site-wide inputs, the theme, the build date and this program's
/// output format, plus the files of the page's own values and of the fragments chosen for it.
struct PageFingerprints: Sendable {
    /// Bump when a change to AppealPress changes the HTML it writes for the same inputs.
    static let formatVersion = 1
    /// The running program's size and modification time: a new AppealPress build may write different
    /// HTML for the same inputs, so its first build renders every page again.
    static let programIdentity: String = {
        var info = stat()
        guard stat("/proc/self/exe", &info) == 0 else { return "unknown" }
        return "\(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }()

    /// The manifest entry that fingerprints the whole site rather than one file.
    static let siteKey = "*"
    let base: ContentHash
    /// Every input of the build: equal to the last build's means there is nothing to do.
    let site: String
    let plan: SitePlan

    init(_ renderer: SiteRenderer) {
        var base = renderer.plan.site.globalHash
        base.add(renderer.theme.contentHash)
        base.add(renderer.plan.buildDate.description)
        base.add(Self.formatVersion)
        base.add(Self.programIdentity)
        base.add(renderer.plan.site.config.baseURL.origin + renderer.plan.site.config.baseURL.pathPrefix)  // --base-url
        // Which pages exist: related links point at neighbours, and with `thin_pages: skip` a
        // neighbour comes and goes with another cell's fragments.
        for cell in renderer.plan.cells { base.add(cell.path) }
        self.base = base
        plan = renderer.plan
        var all = base
        for list in plan.site.entities { for entity in list { all.add(entity.sourceHash) } }
        for fragment in plan.site.fragments { all.add(fragment.sourceHash) }
        site = all.description
    }

    func of(_ index: Int) -> String {
        let cell = plan.cells[index]
        var h = base
        for (d, e) in cell.values.enumerated() { h.add(plan.site.entities[d][e].sourceHash) }
        for fragment in cell.fragments { if let f = fragment { h.add(plan.site.fragments[f].sourceHash) } else { h.add(-1) } }
        h.add(cell.offer)
        h.add(cell.thin ? 1 : 0)
        h.add(cell.path)
        return h.description
    }
}
