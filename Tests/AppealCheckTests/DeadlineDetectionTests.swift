@testable import AppealCheck
import AppealModel
import Testing

/// Telling deadlines from other counts of days, measured on labelled sentences of the kind appeal
/// guides are written in. Each sentence has one number of days; its label says what a careful reader
/// takes it for.
@Suite struct DeadlineDetectionTests {
    enum Label { case deadline, decision, other }

    static let labelled: [(String, Label)] = [
        // Deadlines to file or ask.
        ("You have 60 days to appeal.", .deadline),
        ("You have 120 days from the date you get the notice to ask for a redetermination.", .deadline),
        ("File your appeal within 180 days of the denial.", .deadline),
        ("Ask for a reconsideration within a 180-day window.", .deadline),
        ("With Original Medicare you have sixty days to ask for a hearing.", .deadline),
        ("Send the form no later than 60 days after you receive the decision.", .deadline),
        ("You'll have 65 days to request a reconsideration.", .deadline),
        ("The 60-day deadline starts when the notice arrives.", .deadline),
        ("Members have 180 days to file an internal appeal.", .deadline),
        ("Your plan gives you 180 days to appeal a denied claim.", .deadline),
        ("The time limit is 60 days from the date on the notice.", .deadline),
        ("An external review must be requested within four months, or 120 days for some plans.", .deadline),
        ("Submit the request within 60 calendar days.", .deadline),
        ("The deadline is 65 days from the date of the notice.", .deadline),
        ("You get 60 days to ask for the next level.", .deadline),
        ("File by 60 days after the redetermination notice.", .deadline),
        ("Appeals must be filed within thirty days.", .deadline),
        ("You can ask for a hearing up to 60 days after the reconsideration.", .deadline),
        ("Most plans allow 180 days to file.", .deadline),
        ("A 120-day filing limit applies to redeterminations.", .deadline),
        ("YOU HAVE 90 DAYS TO APPEAL.", .deadline),
        ("Ask within 65 days of the notice date.", .deadline),
        // Times to decide.
        ("The contractor must decide within 60 days.", .decision),
        ("The plan has 30 days to decide a pre-service appeal.", .decision),
        ("Expect a decision within 60 days of your request.", .decision),
        ("The reviewer should respond within 45 days.", .decision),
        ("The judge will rule within 90 days in most cases.", .decision),
        ("You should hear back within 30 days.", .decision),
        ("The plan must answer within 72 hours or 30 days, depending on the service.", .decision),
        ("The council takes 90 days to make a decision.", .decision),
        // Other counts of days.
        ("Send them in about thirty days.", .other),
        ("Medicare assumes you get a notice 5 days after its date.", .other),
        ("Keep a log of your symptoms for 14 days before the visit.", .other),
        ("The hospital stay lasted 3 days.", .other),
        ("Physical therapy ran for 42 days without relief.", .other),
        ("The records office usually mails copies in 10 business days.", .other),
        ("Call the plan 2 days before you send the letter.", .other),
        ("Pain lasting more than 90 days is called chronic.", .other),
        ("The prescription covers 30 days of medication.", .other),
        ("Your doctor saw you 7 days after the fall.", .other),
        ("Imaging done 10 days ago may need to be repeated.", .other),
        ("Take the medicine every 3 days.", .other),
        ("It took the office 20 days to find the file.", .other),
        ("Wait 2 days for the portal to update.", .other),
        ("Appeal letters often arrive in 5 to 7 days.", .other),
        ("A rehabilitation stay of 20 days was approved.", .other),
        ("Request your records early: copying can take thirty days.", .other),
        ("The appeal packet was ready 4 days later.", .other),
    ]

    static func template(_ text: String) -> PlaceholderText {
        var diagnostics = Diagnostics()
        return PlaceholderText.parse(text, origin: AppealModel.SourceLocation(file: "t.md", line: 1, column: 1), diagnostics: &diagnostics)
    }

    static func read(_ sentence: String) -> Label? {
        let mentions = FactCheck.mentions(in: template(sentence))
        guard let m = mentions.last else { return nil }
        switch m.kind {
        case .deadline: return .deadline
        case .decision: return .decision
        case nil: return .other
        }
    }

    /// The rule before: any "filing" word anywhere in the sentence made every number in it a deadline.
    static func readBefore(_ sentence: String) -> Label {
        let old = ["within", "deadline", "deadlines", "appeal", "appeals", "file", "filing", "ask", "request", "submit",
                   "send", "until", "window", "days to", "days from", "you have", "time limit"]
        let decide = ["decide", "decides", "decided", "respond", "responds", "ruling", "answer within", "must answer",
                      "decision within", "decision in", "rule on", "hear back"]
        let lower = sentence.lowercased()
        let words = Set(lower.split { !$0.isLetter }.map(String.init))
        func says(_ keys: [String]) -> Bool { keys.contains { $0.contains(" ") ? lower.contains($0) : words.contains($0) } }
        return says(decide) ? .decision : says(old) ? .deadline : .other
    }

    static func score(_ read: (String) -> Label?, _ label: Label) -> (precision: Double, recall: Double) {
        var tp = 0, fp = 0, fn = 0
        for (sentence, truth) in labelled {
            let got = read(sentence)
            if got == label && truth == label { tp += 1 } else if got == label { fp += 1 } else if truth == label { fn += 1 }
        }
        return (Double(tp) / Double(max(1, tp + fp)), Double(tp) / Double(max(1, tp + fn)))
    }

    @Test func everyLabelledSentenceHasOneNumberOfDays() {
        for (sentence, _) in Self.labelled {
            #expect(FactCheck.mentions(in: Self.template(sentence)).count == 1, "\(sentence)")
        }
        #expect(Self.labelled.count >= 45)
    }

    @Test func deadlinesAreToldFromOtherCountsOfDays() {
        let deadline = Self.score(Self.read, .deadline)
        let decision = Self.score(Self.read, .decision)
        let before = Self.score(Self.readBefore, .deadline)
        print("deadline precision \(deadline.precision) recall \(deadline.recall); decision precision \(decision.precision) recall \(decision.recall); "
              + "the sentence-word rule before: deadline precision \(before.precision) recall \(before.recall)")
        for (sentence, truth) in Self.labelled where Self.read(sentence) != truth { print("misread: \(sentence) (\(truth))") }
        #expect(deadline.precision >= 0.95 && deadline.recall >= 0.9, "\(deadline)")
        #expect(decision.precision >= 0.9 && decision.recall >= 0.85, "\(decision)")
        // Better than reading any filing word in the sentence as a deadline.
        #expect(deadline.precision > before.precision)
    }

    @Test func theFactCheckNoLongerCallsAnApproximateCountADeadline() {
        let mentions = FactCheck.mentions(in: Self.template("Send them in about thirty days. You have 60 days to appeal, and the plan must decide within 30 days."))
        #expect(mentions.map(\.kind) == [nil, .deadline, .decision])
    }

    @Test func languagesAreLookedUpByTheirCode() {
        #expect(DayPhrases.of(language: "en-US").dayWords == ["day", "days"])
        // A language without phrases of its own reads as English rather than not at all.
        #expect(DayPhrases.of(language: "xx").stems == DayPhrases.english.stems)
    }
}
