@testable import AppealCheck
import Testing

@Suite struct ReadabilityTests {
    @Test func spanishSyllablesFollowDiphthongsAndHiatus() {
        #expect(Readability.spanishSyllables("redeterminación") == 6)
        #expect(Readability.spanishSyllables("apelación") == 4)
        #expect(Readability.spanishSyllables("días") == 2)
        #expect(Readability.spanishSyllables("que") == 1)
        #expect(Readability.spanishSyllables("aseguradora") == 6)
        #expect(Readability.spanishSyllables("leer") == 2)
    }

    @Test func englishSyllablesCountVowelGroups() {
        #expect(Readability.englishSyllables("appeal") == 2)
        #expect(Readability.englishSyllables("redetermination") == 6)
        #expect(Readability.englishSyllables("make") == 1)
        #expect(Readability.englishSyllables("the") == 1)
    }

    @Test func plainTextScoresEasierThanDenseText() throws {
        let plain = "You can appeal. Send a letter. Ask your doctor for help. Keep a copy of what you send."
        let dense = "Beneficiaries contesting determinations regarding reimbursement eligibility must substantiate medical necessity utilizing comprehensive documentation."
        let p = try #require(Readability.fleschKincaidGrade(Readability.counts(plain, language: "en")))
        let d = try #require(Readability.fleschKincaidGrade(Readability.counts(dense, language: "en")))
        #expect(p < 4 && d > 14)
        let sencillo = "Usted puede apelar. Envíe una carta. Pida ayuda a su médico. Guarde una copia."
        let denso = "Los beneficiarios que impugnan determinaciones relativas a la elegibilidad de reembolsos deben fundamentar la necesidad médica mediante documentación exhaustiva."
        let s = try #require(Readability.fernandezHuerta(Readability.counts(sencillo, language: "es")))
        let n = try #require(Readability.fernandezHuerta(Readability.counts(denso, language: "es")))
        #expect(s > 65 && n < 30)
    }

    @Test func markupLinksAndListsAreNotWordsButListItemsEndSentences() {
        let c = Readability.counts("## Your steps\n\n- Ask [the plan](https://example.net/a-b-c) now\n- Send it\n", language: "en")
        #expect(c.words == 8)
        #expect(c.sentences == 3)
    }
}
