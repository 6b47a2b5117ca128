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
    /// The ledger of the last published build (a path, or an `http(s)` URL); nil: the output's own.
    public var since: String?
    /// A `since` ledger that cannot be read is a warning, not an error.
    public var sinceOptional: Bool = false
    /// For `check` and `report`, which write nothing: the output folder's ledger is compared with
    /// only when it is this site's. (`Public/` may hold another site's build; for `build`, which
    /// would replace it, another site's ledger there is an error.)
    public var ownLedgerOnly: Bool = false

    public init(content: String = "Content", theme: String = "Themes/default", output: String = "Public", date: Day, baseURL: String? = nil,
                check: Bool = true, strict: Bool = false, since: String? = nil) {
        self.since = since
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
    /// Everything the build found: the warnings of loading and planning, the content checks, and
    /// (unless `check: false`) the page checks. Without `strict` every finding is a warning.
    public var check: CheckResult
    /// False when `check: false` skipped the checks that read rendered pages.
    public var checkedPages: Bool
    /// False when `strict` checks failed: the previous output was left as it was.
    public var committed: Bool
    public var seconds: Double
    /// URLs added, changed and removed since the last published build's ledger (none when nothing was made).
    public var changes = SiteLedger.Changes()
    /// Outputs rendered by this build; the others were carried over from the last build unrendered.
    public var rendered = Rendered()

    /// Outputs rendered, by kind.
    public struct Rendered: Sendable, Equatable {
        /// Pages of the matrix.
        public var pages = 0
        /// Guided hubs (a value of the first dimension with one of the second).
        public var guidedHubs = 0
        /// Everything else: value hubs, indexes, the home page, sitemaps, assets, the ledger.
        public var other = 0

        public init(pages: Int = 0, guidedHubs: Int = 0, other: Int = 0) {
            self.pages = pages
            self.guidedHubs = guidedHubs
            self.other = other
        }

        mutating func count(_ kind: OutputKind) {
            switch kind {
            case .cell: pages += 1
            case .pairHub: guidedHubs += 1
            default: other += 1
            }
        }
    }
}

/// A site loaded, validated and planned, with its list of outputs and the findings so far (the
/// warnings of loading and planning, and the content checks). Shared by reference: the preview
/// keeps the one it serves while its page checks run on another thread.
public final class PreparedSite: Sendable {
    public let renderer: SiteRenderer
    public let outputs: SiteOutputs
    public let findings: [Finding]
    /// The ledger of the last published build this one is compared with.
    public let previous: SiteLedger?

    public init(renderer: SiteRenderer, outputs: SiteOutputs, findings: [Finding], previous: SiteLedger? = nil) {
        self.renderer = renderer
        self.outputs = outputs
        self.findings = findings
        self.previous = previous
    }
}

/// Where a build is, for progress displays: the stage, and pages rendered so far while rendering.
public struct BuildProgress: Sendable, Equatable {
    public enum Stage: String, Sendable {
        case loading, planning
        /// The content checks: facts typed in prose, review dates, offers, unused content (`check`
        /// and `serve`; a build runs them beside rendering).
        case contentChecks = "content checks"
        case rendering
        /// The site-wide checks, and swapping the staged output in.
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

    /// Loads, validates and plans the site, lists its outputs and runs the content checks; throws
    /// every error found. `previous` (a preview's last good site) saves converting the Markdown
    /// that did not change.
    /// With `contentChecks: false` (the preview, which runs them in the background with the page
    /// checks) the findings are only those of loading and planning. `loadCache` (the preview's)
    /// keeps the parse of every content file for the next call, which parses only the files whose
    /// bytes changed; `themeCache` keeps the theme while no file of it changed.
    public static func prepare(_ options: BuildOptions, progress: (@Sendable (BuildProgress) -> Void)? = nil,
                               reusing previous: SiteRenderer? = nil, loadCache: LoadCache? = nil, themeCache: ThemeCache? = nil,
                               contentChecks: Bool = true) throws(DiagnosticError) -> PreparedSite {
        let site = try plan(options, progress: progress, reusing: previous, loadCache: loadCache, themeCache: themeCache)
        guard contentChecks else { return site }
        progress?(BuildProgress(stage: .contentChecks))
        return PreparedSite(renderer: site.renderer, outputs: site.outputs, findings: site.findings + SiteChecker.contentFindings(plan: site.renderer.plan),
                            previous: site.previous)
    }

    /// `prepare` without the content checks: its findings are only those of loading and planning.
    static func plan(_ options: BuildOptions, progress: (@Sendable (BuildProgress) -> Void)?,
                     reusing previous: SiteRenderer?, loadCache: LoadCache? = nil, themeCache: ThemeCache? = nil) throws(DiagnosticError) -> PreparedSite {
        progress?(BuildProgress(stage: .loading))
        var problems: [Diagnostic] = []
        var loaded: (Site, [Diagnostic])?
        var theme: Theme?
        do { loaded = try ContentLoader.load(from: options.content, cache: loadCache) } catch { problems += error.diagnostics }
        do {
            if let themeCache { theme = try themeCache.theme(at: options.theme) } else { theme = try Theme.load(from: options.theme) }
        } catch { problems += error.diagnostics }
        guard case (var site, let warnings)? = loaded, let theme else { throw DiagnosticError(problems) }
        // Every language of the site has its words in the theme.
        let missingStrings = theme.checkStrings(for: site.config.languages)
        if !missingStrings.isEmpty { throw DiagnosticError(warnings + missingStrings) }
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
        let renderer = SiteRenderer(plan: plan, theme: theme, reusing: previous)
        // The last published build's URLs: each still written, redirected or marked gone.
        let last: LedgerSource.Loaded
        do throws(DiagnosticError) {
            last = try LedgerSource.load(since: options.since, output: options.output, site: site.config.baseURL.absolute("/"), optional: options.sinceOptional,
                                         ownLedgerOnly: options.ownLedgerOnly)
        } catch { throw DiagnosticError(warnings + error.diagnostics) }
        let outputs = renderer.outputs(previous: last.ledger)
        // Two outputs on one file (a URL pattern that makes `/sitemap.xml`, a page on an asset's
        // path): found here, at the pattern, not by the writer halfway through.
        // By index, in a table sized at once: 100,000 entries, grown step by step, took 0.1 s on one core.
        var claimed: [String: Int] = [:]
        claimed.reserveCapacity(outputs.count)
        var collisions: [Diagnostic] = []
        for (i, output) in outputs.list.enumerated() {
            guard let earlier = claimed.updateValue(i, forKey: output.file) else { continue }
            let other = outputs.list[earlier]
            collisions.append(.error("two outputs would be written to \(output.file): \(Self.describe(other.kind)) and \(Self.describe(output.kind))",
                                     at: [output.kind, other.kind].contains(.indexNowKey) ? site.config.location
                                         : site.matrix.url.origin ?? SourceLocation(file: options.content + "/matrix.yaml"),
                                     hint: "give each its own path: change `page.url`, a slug or `indexnow_key`"))
        }
        if !outputs.redirects.errors.isEmpty || !collisions.isEmpty {
            throw DiagnosticError(warnings + planWarnings + outputs.redirects.errors + collisions)
        }
        let notes = warnings + theme.warnings + planWarnings + outputs.redirects.warnings + (last.warning.map { [$0] } ?? [])
        return PreparedSite(renderer: renderer, outputs: outputs, findings: CheckResult.findings(validation: notes), previous: last.ledger)
    }

    /// Runs the page checks on every output of a prepared site, rendering each in memory (nothing is
    /// written): `appealpress check`, `report` and the preview's background checks. With `summaries`
    /// (what the last build kept beside its output), a page whose bytes are the ones that build wrote
    /// is checked from its summary instead of being scanned: the same findings.
    ///
    /// With the manifest of that build's output too, a page whose inputs are those that build had
    /// (its fingerprint, as `build` compares it to carry a page over) is not even rendered: its bytes
    /// are the ones that build wrote, whose hash the output's own ledger (`site.previous`) holds.
    ///
    /// Once `cancelled` (the preview's, when a newer rebuild makes these checks moot) says true, no
    /// more pages are rendered and the result is incomplete: the caller drops it.
    public static func checkPages(_ site: PreparedSite, start: Date = Date(), summaries: StoredSummaries? = nil,
                                  manifest: OutputManifest? = nil, cancelled: (@Sendable () -> Bool)? = nil) -> CheckResult {
        let checker = SiteChecker(renderer: site.renderer, outputs: site.outputs)
        let outputs = site.outputs
        let hashes = Locked([PageHash?](repeating: nil, count: outputs.pageCount))
        // Without summaries a page cannot be taken unrendered: no fingerprints to compute.
        let fingerprints = summaries == nil ? nil : manifest.map { _ in OutputFingerprints(site.renderer, salt: programIdentity) }
        let ledger = site.previous
        let notRendered = Locked(0)
        // Rendering cannot fail here but for a theme asset deleted since loading, which the checks then report.
        try? site.renderer.renderEach(outputs, reuse: { (output: SiteOutput, i: Int) throws(DiagnosticError) -> Bool in
            // Asked before each page; throwing stops every rendering thread.
            if let cancelled, cancelled() { throw DiagnosticError([]) }
            guard let summaries, let manifest, let fingerprints, let ledger, i < outputs.pageCount,
                  let fingerprint = fingerprints.of(output), manifest.files[output.file]?.has(fingerprint: fingerprint) == true,
                  let hash = ledger.pages[output.sitePath]?.hash, checker.inspect(i, from: summaries, file: output.file, hash: hash.description) else { return false }
            hashes.withValue { $0[i] = hash }
            notRendered.withValue { $0 += 1 }
            return true
        }, consume: { output, i, bytes in
            guard i < outputs.pageCount else { return checker.inspect(i, bytes: bytes) }
            let hash = ContentHash.pageHash(bytes)
            hashes.withValue { $0[i] = hash }
            if let summaries, checker.inspect(i, from: summaries, file: output.file, hash: hash.description) { return }
            checker.inspect(i, bytes: bytes)
        }, history: {
            let all = hashes.current
            return site.renderer.history(of: outputs, hash: { all[$0] }, previous: site.previous)
        }, stream: { _, _, make throws(DiagnosticError) in
            // The ledger and the change lists are no page and no sitemap: nothing checks them, and nothing keeps them.
            try make { _ throws(DiagnosticError) in }
        })
        var result = checker.finish(adding: site.findings, start: start)
        result.pagesNotRendered = notRendered.current
        return result
    }

    /// The page summaries the last build left beside `options.output`, if this program wrote them.
    public static func storedSummaries(_ options: BuildOptions) -> StoredSummaries? {
        StoredSummaries.read(OutputWriter.beside(output: options.output, ".checks"), program: programIdentity)
    }

    /// Loads, plans, renders and checks the site without writing anything: `appealpress check`.
    /// Pages the last build into `options.output` wrote with the same bytes are checked from what it
    /// kept of them.
    public static func check(_ options: BuildOptions) throws(DiagnosticError) -> CheckResult {
        let start = Date()
        let prepared = try prepare(options)
        return checkPages(prepared, start: start, summaries: storedSummaries(options), manifest: lastManifest(options, prepared))
    }

    /// The manifest of the last build into `options.output`, when that output's own ledger was read
    /// (`prepare` with `ownLedgerOnly` found it to be of this site): what `checkPages` needs to take
    /// pages unchanged since that build without rendering them.
    public static func lastManifest(_ options: BuildOptions, _ prepared: PreparedSite) -> OutputManifest? {
        guard options.ownLedgerOnly, options.since == nil, prepared.previous != nil else { return nil }
        return OutputManifest.read(folder: options.output)
    }

    /// Validates, renders, checks and writes the whole site; `progress` is called from worker threads.
    public static func build(_ options: BuildOptions, progress: (@Sendable (BuildProgress) -> Void)? = nil) throws(DiagnosticError) -> BuildReport {
        let start = Date()
        // A bad --base-url is an error even when the output is up to date.
        if let text = options.baseURL, BaseURL(text) == nil {
            throw DiagnosticError([.error("--base-url `\(text)` must be an absolute http(s) URL", at: nil, hint: "for example https://example.org/guides/")])
        }
        // A build killed in the middle of a swap that could not be atomic left the output missing
        // and the old one beside it: put it back first, whatever this build then does.
        OutputWriter.restore(output: options.output)
        SummaryRecorder.removeStale(beside: OutputWriter.beside(output: options.output, ".checks"))
        let manifest = OutputManifest.read(folder: options.output)
        // The record's counts and fingerprints only: its findings (megabytes of JSON on a large site)
        // are decoded when a build that changed nothing reports them again.
        let record = manifest.flatMap { BuildRecord.Head(json: $0.record) }
        // No input file touched since the last build (same sizes, times, options and program): the
        // output is already right and nothing needs even reading. Not under --strict, which must see
        // the checks pass, nor when this build wants page checks the last one did not run.
        let stamp = InputStamp.of(options)
        if !options.strict, options.since == nil, let stamp, let manifest, let record, record.stamp == stamp,
           let findings = BuildRecord(json: manifest.record)?.findings(checkingPages: options.check), outputsExist(manifest, in: options.output) {
            return BuildReport(pages: record.pages, thinPages: record.thin, files: manifest.files.count, written: 0, unchanged: manifest.files.count,
                               removed: 0, check: CheckResult(findings: findings, pages: []).downgraded(), checkedPages: options.check,
                               committed: true, seconds: Date().timeIntervalSince(start))
        }
        let planned = try plan(options, progress: progress, reusing: nil)
        OutputWriter.pause(at: "planned")
        let renderer = planned.renderer, plan = renderer.plan
        // The content checks need only the plan: they run on their own thread while pages render.
        let contentChecks = Locked<[Finding]>([])
        let contentChecked = DispatchGroup()
        DispatchQueue.global().async(group: contentChecked) { let found = SiteChecker.contentFindings(plan: plan); contentChecks.withValue { $0 = found } }
        /// Loading's and planning's findings and, once their thread is done, the content checks'.
        func findings() -> [Finding] {
            contentChecked.wait()
            return planned.findings + contentChecks.current
        }
        let fingerprints = OutputFingerprints(renderer, salt: programIdentity)
        let thin = plan.cells.filter(\.thin).count
        // Nothing changed since the last build (every input file, the theme, the date): the output is
        // already right, so nothing is rendered, staged or swapped. Its page findings are the last
        // build's; the content findings are this one's.
        if !options.strict, options.since == nil, let manifest, let head = record, head.site == fingerprints.site, let record = BuildRecord(json: manifest.record),
           outputsExist(manifest, in: options.output), options.check == false || record.pageFindings != nil {
            let findings = findings() + (options.check ? record.pageFindings ?? [] : [])
            return BuildReport(pages: plan.cells.count, thinPages: thin, files: manifest.files.count, written: 0, unchanged: manifest.files.count,
                               removed: 0, check: CheckResult(findings: findings, pages: SiteChecker.pages(of: planned.outputs, renderer: renderer)).downgraded(),
                               checkedPages: options.check, committed: true, seconds: Date().timeIntervalSince(start))
        }
        // A hidden file the output holds and AppealPress did not write (a hand-made `.htaccess`) is
        // kept by every build; one the site would write instead is refused, not overwritten.
        for output in planned.outputs.list where !output.file.contains("/") && output.file.hasPrefix(".") {
            if manifest?.files[output.file] == nil, FileManager.default.fileExists(atPath: options.output + "/" + output.file) {
                throw DiagnosticError(planned.findings.map(\.diagnostic).filter { $0.severity == .error } + [
                    .error("the output holds its own \(output.file), which this site's redirects would replace", at: SourceLocation(file: options.output + "/" + output.file),
                           hint: "move its rules into your server configuration, or deploy with `host: static` in site.yaml")])
            }
        }
        // What the page checks read from each page, kept beside the output for the next build: read
        // on another thread while the writer reads the manifest of the tree it recycles (at 100,000
        // pages each takes a few tenths of a second on one core).
        let summariesRead = DispatchGroup()
        let summaries = Locked<(StoredSummaries?, SummaryRecorder?)>((nil, nil))
        if options.check {
            let summariesPath = OutputWriter.beside(output: options.output, ".checks"), pageCount = planned.outputs.pageCount
            DispatchQueue.global().async(group: summariesRead) {
                var stored = StoredSummaries.read(summariesPath, program: programIdentity)
                // The last file's strings are kept only while most of them are still in use.
                if let last = stored, last.count * 2 < pageCount { stored = nil }
                let recorder = SummaryRecorder(path: summariesPath, program: programIdentity, continuing: stored)
                summaries.withValue { $0 = (stored, recorder) }
            }
        }
        let writer: OutputWriter
        do { writer = try OutputWriter(output: options.output, previous: manifest) } catch {
            summariesRead.wait()
            summaries.current.1?.discard()
            throw error
        }
        summariesRead.wait()
        let (stored, recorder) = summaries.withValue { s in defer { s = (nil, nil) }; return s }
        do throws(DiagnosticError) {
            // The output's own ledger: it knows the hash of every page carried over from it.
            let onDisk = options.since == nil ? planned.previous
                : (try? LedgerSource.load(since: nil, output: options.output, site: plan.site.config.baseURL.absolute("/"), optional: true))?.ledger
            let (pageResult, changes, pageHashes, rendered) = try writeAll(planned, fingerprints: fingerprints, to: writer, check: options.check, onDisk: onDisk,
                                                                 summaries: (stored, recorder), progress: progress)
            progress?(BuildProgress(stage: .finishing))
            let found = findings()
            // Without page checks the page list is made after the commit (under --strict, before: the
            // findings decide whether to commit), so it is not held while the manifest is written.
            let pages = pageResult?.pages ?? (options.strict ? SiteChecker.pages(of: planned.outputs, renderer: renderer) : [])
            var check = CheckResult(findings: found + (pageResult?.findings ?? []), pages: pages,
                                    duplicatePairs: pageResult?.duplicatePairs ?? [], clusters: pageResult?.clusters ?? [],
                                    sitemapFiles: pageResult?.sitemapFiles ?? 0, sitemapURLs: pageResult?.sitemapURLs ?? 0,
                                    seconds: pageResult?.seconds ?? 0)
            check.pagesFromSummaries = pageResult?.pagesFromSummaries ?? 0
            check.linksFromSummaries = pageResult?.linksFromSummaries ?? 0
            var report = BuildReport(pages: plan.cells.count, thinPages: thin, files: 0, written: 0, unchanged: 0, removed: 0,
                                     check: check, checkedPages: options.check, committed: false, seconds: 0)
            if options.strict, check.fails(strict: true) {
                writer.abandon()
                recorder?.discard()
                report.seconds = Date().timeIntervalSince(start)
                return report
            }
            if !options.strict { check = check.downgraded() }
            let newRecord = BuildRecord(site: fingerprints.site, stamp: stamp, pages: plan.cells.count, thin: thin,
                                        contentFindings: found, pageFindings: pageResult?.findings)
            // Encoded beside the commit's other work: at 100,000 pages the findings are 15 MB of JSON.
            let summary = try writer.commit(making: { newRecord.json })
            let outputs = planned.outputs
            recorder?.finish(files: (0..<outputs.pageCount).compactMap { i in pageHashes[i].map { (i, outputs[i].file, $0.description) } })
            report.files = summary.written + summary.unchanged
            report.written = summary.written
            report.unchanged = summary.unchanged
            report.removed = summary.removed
            if pageResult == nil && !options.strict {
                // Marked by the findings as they were before being downgraded, as `CheckResult` marks them.
                check.pages = CheckResult(findings: found, pages: SiteChecker.pages(of: planned.outputs, renderer: renderer)).pages
            }
            report.check = check
            report.changes = changes
            report.rendered = rendered
            report.committed = true
            report.seconds = Date().timeIntervalSince(start)
            // Written, closed and swapped in: what is left of the build is memory (see `ExitKeeper`).
            ExitKeeper.keep((planned, manifest, writer, stored, recorder, fingerprints, onDisk))
            return report
        } catch {
            writer.abandon()
            recorder?.discard()
            contentChecked.wait()
            throw error
        }
    }

    /// An output in words, for an error that names two of them.
    static func describe(_ kind: OutputKind) -> String {
        switch kind {
        case .cell: return "a page of the matrix"
        case .hub: return "a hub page"
        case .dimensionIndex: return "an index page"
        case .pairHub: return "a guided hub page"
        case .standalone: return "a standalone page"
        case .home: return "the home page"
        case .notFound: return "the 404 page"
        case .sitemap: return "the sitemap"
        case .robots: return "robots.txt"
        case .asset(let name): return "the theme asset \(name)"
        case .ledger, .changes, .changesText: return "the ledger files"
        case .redirects: return "the redirect file"
        case .redirectStub: return "a redirect page"
        case .indexNowKey: return "the IndexNow key file"
        }
    }

    /// The running program's size and modification time: a new AppealPress build may write different
    /// HTML for the same inputs, so its first build renders every page again.
    static let programIdentity: String = {
        var info = stat()
        guard stat("/proc/self/exe", &info) == 0 else { return "unknown" }
        return "\(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }()

    /// Every file the last build listed is still there.
    static func outputsExist(_ manifest: OutputManifest, in output: String) -> Bool {
        let folder = open(output, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { return false }
        defer { close(folder) }
        guard !manifest.files.isEmpty else { return false }
        // Both cores: on a large site this is one stat call per page.
        let files = Array(manifest.files.keys)
        let missing = Locked(0)
        let chunk = 4_096
        DispatchQueue.concurrentPerform(iterations: (files.count + chunk - 1) / chunk) { c in
            let found = files[(c * chunk)..<min(files.count, (c + 1) * chunk)].allSatisfy { FileTree.exists($0, in: folder) }
            if !found { missing.withValue { $0 += 1 } }
        }
        return missing.current == 0
    }

    /// The render loop with the writer (and the page checker, with `check`) as its consumers. A page
    /// whose inputs are unchanged since the last build is carried over, not rendered; the checker
    /// then takes what the last build kept of it (`summaries.stored`), or reads the file back when
    /// there is nothing kept. Every page checked goes to `summaries.recorder`. Returns the page
    /// checks' result (nil without `check`).
    static func writeAll(_ site: PreparedSite, fingerprints: OutputFingerprints, to writer: OutputWriter, check: Bool, onDisk: SiteLedger?,
                         summaries: (stored: StoredSummaries?, recorder: SummaryRecorder?) = (nil, nil),
                         progress: (@Sendable (BuildProgress) -> Void)?) throws(DiagnosticError) -> (CheckResult?, SiteLedger.Changes, [PageHash?], BuildReport.Rendered) {
        let start = Date()
        let renderer = site.renderer, outputs = site.outputs
        let checker = check ? SiteChecker(renderer: renderer, outputs: outputs, recorder: summaries.recorder) : nil
        let stored = summaries.stored
        let cells = outputs.cellCount
        progress?(BuildProgress(stage: .rendering, done: 0, total: cells))
        let pauses = TestPauses()
        // Each page's content hash, for the ledger: the output's own ledger knows the hash of a page
        // that is carried over or written again with the same bytes; any other page is hashed.
        let hashes = Locked([PageHash?](repeating: nil, count: outputs.pageCount))
        let known: @Sendable (SiteOutput) -> PageHash? = { output in onDisk?.pages[output.sitePath]?.hash }
        let made = Locked<SiteHistory?>(nil)
        let rendered = Locked(BuildReport.Rendered())
        try renderer.renderEach(outputs, reuse: { output, i throws(DiagnosticError) in
            guard let fingerprint = fingerprints.of(output), writer.previousFingerprint(output.file) == fingerprint,
                  try writer.carryOver(output.file, fingerprint: fingerprint) else { return false }
            var text: String?
            if known(output) == nil { text = writer.previousText(output.file) }
            let hash = known(output) ?? text.map { ContentHash.pageHash(Array($0.utf8)) }
            hashes.withValue { $0[i] = hash }
            if let checker {
                // The same bytes as the last build's page: what it kept of the page stands for them.
                if let stored, checker.inspect(i, from: stored, file: output.file, hash: hash?.description ?? "") {
                    // Checked from what the last build kept of these bytes.
                } else if let text = text ?? writer.previousText(output.file) {
                    checker.inspect(i, html: text)
                }
            }
            pauses?.staged()
            return true
        }, consume: { output, i, bytes throws(DiagnosticError) in
            let outcome = try writer.write(output.file, bytes, fingerprint: fingerprints.of(output))
            rendered.withValue { $0.count(output.kind) }
            guard i < outputs.pageCount else { checker?.inspect(i, bytes: bytes); return }
            let hash = outcome == .unchanged ? known(output) ?? ContentHash.pageHash(bytes) : ContentHash.pageHash(bytes)
            hashes.withValue { $0[i] = hash }
            // A page made again with the bytes it had (a hub, or a page whose inputs changed but not
            // its HTML): what the last build kept of it stands for them too.
            if let checker {
                if outcome == .unchanged, let stored, checker.inspect(i, from: stored, file: output.file, hash: hash.description) {
                    // Checked from what the last build kept of these bytes.
                } else {
                    checker.inspect(i, bytes: bytes)
                }
            }
            pauses?.staged()
        }, history: {
            let all = hashes.current
            let history = renderer.history(of: outputs, hash: { all[$0] }, previous: site.previous)
            made.withValue { $0 = history }
            return history
        }, stream: { output, _, make throws(DiagnosticError) in
            // The ledger and the change lists go to their files as they are made, never held whole.
            let file = try writer.begin(output.file, fingerprint: fingerprints.of(output))
            try make { piece throws(DiagnosticError) in try file.append(piece) }
            _ = try file.finish()
            rendered.withValue { $0.count(output.kind) }
        }, cellsDone: { done in progress?(BuildProgress(stage: .rendering, done: done, total: cells)) })
        // The changes, not the whole history: it is not kept while the build commits.
        return (checker?.finish(adding: [], start: start), made.current!.changes, hashes.current, rendered.current)
    }
}

/// What a build keeps about itself in the output's manifest, for the next build: the fingerprint of
/// all its inputs, the file-metadata stamp, its page counts and its findings.
struct BuildRecord: Codable, Sendable {
    var site: String
    var stamp: String?
    var pages: Int
    var thin: Int
    var contentFindings: [Finding]
    /// nil when the build ran without page checks.
    var pageFindings: [Finding]?

    init(site: String, stamp: String?, pages: Int, thin: Int, contentFindings: [Finding], pageFindings: [Finding]?) {
        self.site = site
        self.stamp = stamp
        self.pages = pages
        self.thin = thin
        self.contentFindings = contentFindings
        self.pageFindings = pageFindings
    }

    /// What a build reads of the last one's record before it knows whether it needs its findings.
    struct Head: Decodable, Sendable {
        var site: String
        var stamp: String?
        var pages: Int
        var thin: Int

        /// Nil when `BuildRecord(json:)` would be: the record's fields but its findings have their types.
        init?(json: Data) {
            guard let head = try? JSONDecoder().decode(Head.self, from: json) else { return nil }
            self = head
        }
    }

    /// Reads the manifest's record; nil when it is not one this version wrote.
    init?(json: Data) {
        guard let record = try? JSONDecoder().decode(BuildRecord.self, from: json) else { return nil }
        self = record
    }

    var json: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data("{}".utf8)
    }

    /// The findings to report again when nothing changed: the content findings, and the page
    /// findings when they are wanted (nil when wanted but this record has none).
    func findings(checkingPages: Bool) -> [Finding]? {
        guard checkingPages else { return contentFindings }
        return pageFindings.map { contentFindings + $0 }
    }
}

/// `APPEALPRESS_TEST_PAUSE=writing:N` pauses a build once it has staged N files, so a test can kill
/// it while it writes (see `OutputWriter.pause`). Nil when not asked for.
struct TestPauses: Sendable {
    let after: Int
    let count = Locked(0)

    init?(environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard let point = environment["APPEALPRESS_TEST_PAUSE"], point.hasPrefix("writing:"), let n = Int(point.dropFirst(8)) else { return nil }
        after = n
    }

    func staged() {
        if count.withValue({ $0 += 1; return $0 }) == after { OutputWriter.pause(at: "writing:\(after)") }
    }
}
