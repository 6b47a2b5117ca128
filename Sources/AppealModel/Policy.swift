/// An appeal ladder (`policies/<slug>.yaml`): the levels a denial can be taken through, with the rule's source.
public struct Policy: Sendable {
    public var slug: String
    public var name: String
    public var shortName: String
    public var summary: String?
    public var regulation: String?
    public var source: String
    public var reviewed: Day
    public var note: String?
    public var levels: [AppealLevel]
    /// `help:` — free help for people this ladder applies to; a page lists the help of the ladders it shows.
    public var help: [FreeHelp]
    /// `for:` — cells this ladder applies to besides those of the values that list it under `policies:`.
    public var includes: [Selector]
    /// `except:` — cells it does not apply to, unless a more specific `for:` (or value) brings it back.
    public var excludes: [Selector]
    public var location: SourceLocation
    /// The `reviewed:` line, for findings about the review date.
    public var reviewedLocation: SourceLocation

    public init(slug: String, name: String, shortName: String, summary: String?, regulation: String?, source: String,
                reviewed: Day, note: String?, levels: [AppealLevel], help: [FreeHelp] = [], includes: [Selector] = [], excludes: [Selector] = [],
                location: SourceLocation, reviewedLocation: SourceLocation? = nil) {
        self.slug = slug
        self.name = name
        self.shortName = shortName
        self.summary = summary
        self.regulation = regulation
        self.source = source
        self.reviewed = reviewed
        self.note = note
        self.levels = levels
        self.help = help
        self.includes = includes
        self.excludes = excludes
        self.location = location
        self.reviewedLocation = reviewedLocation ?? location
    }
}

/// A free source of help with an appeal (a counseling program, an agency's help line), listed under a
/// policy's `help:` with the page that says so: a page shows the help of the ladders it shows.
public struct FreeHelp: Sendable, Hashable {
    public var name: String
    /// What it does for the reader, in a sentence or two.
    public var what: String
    public var phone: String?
    /// Where to find it (and, unless `source` says otherwise, the page that says what it does).
    public var url: String
    /// The page the description was checked against, when it is not `url`.
    public var source: String?
    public var location: SourceLocation

    public init(name: String, what: String, phone: String? = nil, url: String, source: String? = nil, location: SourceLocation) {
        self.name = name
        self.what = what
        self.phone = phone
        self.url = url
        self.source = source
        self.location = location
    }
}

/// One rung of a ladder.
public struct AppealLevel: Sendable {
    public var name: String
    public var decidedBy: String
    public var deadline: TimeLimit
    public var decision: TimeLimit
    public var citation: String
    public var form: String?
    public var note: String?
    public var location: SourceLocation

    public init(name: String, decidedBy: String, deadline: TimeLimit, decision: TimeLimit, citation: String,
                form: String?, note: String?, location: SourceLocation) {
        self.name = name
        self.decidedBy = decidedBy
        self.deadline = deadline
        self.decision = decision
        self.citation = citation
        self.form = form
        self.note = note
        self.location = location
    }
}

/// A deadline or decision time: a number with a unit, or a rule in words.
public struct TimeLimit: Sendable, Hashable, CustomStringConvertible {
    public enum Unit: String, Sendable, CaseIterable {
        case hours, days, months
    }

    public var amount: Int?
    public var unit: Unit?
    public var from: String?
    public var calendar: Bool
    public var text: String?

    public init(amount: Int, unit: Unit, from: String? = nil, calendar: Bool = false) {
        self.amount = amount
        self.unit = unit
        self.from = from
        self.calendar = calendar
        self.text = nil
    }

    public init(text: String) {
        self.text = text
        self.calendar = false
    }

    /// The number of days, when the limit is given in days.
    public var days: Int? { unit == .days ? amount : nil }

    /// "120 days from receipt of the initial determination", "72 hours", or the rule's words.
    public var description: String {
        if let text { return text }
        guard let amount, let unit else { return "" }
        var unitName = amount == 1 ? String(unit.rawValue.dropLast()) : unit.rawValue
        if calendar { unitName = "calendar " + unitName }
        var out = "\(amount) \(unitName)"
        if let from { out += " from \(from)" }
        return out
    }
}
