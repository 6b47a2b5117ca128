import AppealModel
import Testing

@Suite struct TimeWordsTests {
    @Test func aLimitIsWordedByTheLanguageFromOneNumber() {
        let es = TimeWords(strings: ["time.days.one": "{n} día", "time.days.other": "{n} días", "time.calendar_days.other": "{n} días calendario",
                                     "time.from": "{limit} a partir de {from}"])
        #expect(TimeLimit(amount: 120, unit: .days, from: "la recepción").text(es) == "120 días a partir de la recepción")
        #expect(TimeLimit(amount: 1, unit: .days).text(es) == "1 día")
        #expect(TimeLimit(amount: 65, unit: .days, calendar: true).amountText(es) == "65 días calendario")
        #expect(TimeLimit(text: "Sin plazo fijo").text(es) == "Sin plazo fijo")
    }
}
