import AppealTemplate
import Testing

@Suite struct MustacheTemplateTests {
    func render(_ source: String, _ value: TemplateValue, partials: [String: String] = [:]) throws -> String {
        var library: [String: MustacheTemplate] = [:]
        for (name, text) in partials { library[name] = try MustacheTemplate(text) }
        return try MustacheTemplate(source).render(value, partials: library) { text in
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        }
    }

    @Test func variablesAreEscapedUnlessTripleOrAmpersand() throws {
        let v: TemplateValue = ["x": "<b>&", "n": 3, "t": true]
        #expect(try render("{{x}}|{{{x}}}|{{& x}}|{{ n }}|{{t}}|{{missing}}", v) == "&lt;b>&amp;|<b>&|<b>&|3|true|")
    }

    @Test func dottedNamesResolveTheFirstPartUpTheStack() throws {
        let v: TemplateValue = ["a": ["b": ["c": "deep"]], "name": "outer", "items": [["x": "1"], ["name": "inner"]]]
        #expect(try render("{{a.b.c}} {{a.z.c}}", v) == "deep ")
        #expect(try render("{{#items}}[{{name}}]{{/items}}", v) == "[outer][inner]")
    }

    @Test func sectionsIterateListsPushObjectsAndSkipFalsyValues() throws {
        let v: TemplateValue = ["list": ["a", "b"], "obj": ["k": "v"], "no": false, "empty": [], "blank": "", "yes": true]
        #expect(try render("{{#list}}<{{.}}>{{/list}}", v) == "<a><b>")
        #expect(try render("{{#obj}}{{k}}{{/obj}}", v) == "v")
        #expect(try render("{{#no}}x{{/no}}{{#empty}}x{{/empty}}{{#blank}}x{{/blank}}{{#nothing}}x{{/nothing}}", v) == "")
        #expect(try render("{{^no}}1{{/no}}{{^empty}}2{{/empty}}{{^blank}}3{{/blank}}{{^nothing}}4{{/nothing}}{{^yes}}5{{/yes}}", v) == "1234")
        #expect(try render("{{#yes}}y{{/yes}}", v) == "y")
    }

    @Test func standaloneTagsRemoveTheirWholeLine() throws {
        let source = "<ul>\n  {{#list}}\n  <li>{{.}}</li>\n  {{/list}}\n  {{! a comment }}\n</ul>\n"
        #expect(try render(source, ["list": ["a", "b"]]) == "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n")
        // Not standalone: other text on the line stays.
        #expect(try render("a {{#t}}b{{/t}} c\n", ["t": true]) == "a b c\n")
    }

    @Test func standalonePartialsAreIndented() throws {
        let out = try render("<div>\n  {{> item}}\n</div>\n", ["x": "1"], partials: ["item": "<p>{{x}}</p>\n<p>2</p>\n"])
        #expect(out == "<div>\n  <p>1</p>\n  <p>2</p>\n</div>\n")
        #expect(try render("[{{> item}}]", ["x": "1"], partials: ["item": "{{x}}"]) == "[1]")
        #expect(try render("[{{> nope}}]", [:]) == "[]")
    }

    @Test func partialIndentationFollowsTheSpec() throws {
        // Every line of the partial's own text is indented, in every loop iteration; newlines inside
        // a value are not, so a <pre> block in rendered Markdown keeps its layout.
        let out = try render("<ol>\n  {{> item}}\n</ol>\n", ["xs": ["a", "b"], "v": "<\n->"],
                             partials: ["item": "{{#xs}}\n<li>{{.}}</li>\n{{/xs}}\n{{{v}}}\n"])
        #expect(out == "<ol>\n  <li>a</li>\n  <li>b</li>\n  <\n->\n</ol>\n")
    }

    @Test func aPartialThatIncludesItselfStops() throws {
        let out = try render("{{> loop}}", [:], partials: ["loop": "x{{> loop}}"])
        #expect(out == String(repeating: "x", count: 32))
    }

    @Test func partialsOfSharedObjectsAreRememberedOnlyWhenTheyUseNothingElse() throws {
        let ladder = TemplateValue.shared(TemplateObject(["name": "Appeal"]))
        let own = try MustacheTemplate("{{#l}}{{> own}}{{/l}}")
        let outer = try MustacheTemplate("{{#l}}{{> outer}}{{/l}}")
        let library = ["own": try MustacheTemplate("[{{name}}]"), "outer": try MustacheTemplate("[{{name}} on {{page}}]")]
        let escape: @Sendable (String) -> String = { $0 }
        #expect(own.render(["l": ladder, "page": "A"], partials: library, escape: escape) == "[Appeal]")
        #expect(own.render(["l": ladder, "page": "B"], partials: library, escape: escape) == "[Appeal]")
        // This partial reads `page` from outside the shared object, so each page renders it afresh.
        #expect(outer.render(["l": ladder, "page": "A"], partials: library, escape: escape) == "[Appeal on A]")
        #expect(outer.render(["l": ladder, "page": "B"], partials: library, escape: escape) == "[Appeal on B]")
        // A name missing everywhere may exist on the next page: not remembered either.
        let missing = TemplateValue.shared(TemplateObject(["name": "X"]))
        let t = try MustacheTemplate("{{#l}}{{> m}}{{/l}}")
        let lib = ["m": try MustacheTemplate("{{name}}{{extra}}")]
        #expect(t.render(["l": missing], partials: lib, escape: escape) == "X")
        #expect(t.render(["l": missing, "extra": "!"], partials: lib, escape: escape) == "X!")
    }

    @Test func sideBufferValuesArePlacedLikeStrings() throws {
        let side = Array("<p>one</p>\n<p>two</p>".utf8)
        let template = try MustacheTemplate("{{{a}}}|{{a}}|{{#a}}set{{/a}}{{^none}}-empty{{/none}}|{{{far}}}|\n  {{> p}}\n")
        let library = ["p": try MustacheTemplate("{{{b}}}\n")]
        var out: [UInt8] = []
        template.render(["a": .side(start: 0, end: 10), "none": .side(start: 3, end: 3), "far": .side(start: 5, end: 999), "b": .side(start: 11, end: 21)],
                        partials: library, escaping: .html, side: side, into: &out)
        // Raw, escaped, as a section; an empty range is falsy; a range past the buffer is cut to it;
        // in an indented partial only the partial's own lines are indented, as with a string value.
        #expect(String(decoding: out, as: UTF8.self) == "<p>one</p>|&lt;p&gt;one&lt;/p&gt;|set-empty|e</p>\n<p>two</p>|\n  <p>two</p>\n")
    }

    @Test func parseErrorsHaveLineAndColumn() {
        func error(_ source: String) -> MustacheTemplate.ParseError? {
            do { _ = try MustacheTemplate(source); return nil } catch { return error }
        }
        let unclosed = error("a\n  {{#open}}\nb")
        #expect(unclosed?.line == 2 && unclosed?.column == 3)
        #expect(unclosed?.message == "section `open` is never closed")
        let mismatch = error("{{#a}}\n{{/b}}")
        #expect(mismatch?.line == 2 && mismatch?.message.contains("closes `a`") == true)
        #expect(error("x {{ name")?.message == "tag is not closed")
        #expect(error("{{=<% %>=}}")?.message.contains("delimiters") == true)
        #expect(error("{{/x}}")?.message.contains("never opened") == true)
        #expect(error("{{a b}}")?.message.contains("not a valid name") == true)
    }
}
