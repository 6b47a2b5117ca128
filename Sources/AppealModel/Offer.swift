/// `offers.yaml`: where calls to action go, their campaign parameters, and the coupons on offer.
public struct OfferBook: Sendable {
    public var target: String
    /// Query parameter name per dimension, indexed like `matrix.dimensions` (`nil`: not sent).
    public var parameters: [String?]
    public var couponParameter: String
    /// `utm_source`, `utm_medium`, ... in a fixed order, each a pattern with placeholders.
    public var utm: [(name: String, value: PlaceholderText)]
    public var fallback: String?
    public var offers: [Offer]
    public var location: SourceLocation
    /// The CTA's query parameter for the page's language (`language_parameter:`, `lang` by default),
    /// on a site of more than one language; nil otherwise.
    public var languageParameter: String?

    public init(target: String, parameters: [String?], couponParameter: String, utm: [(name: String, value: PlaceholderText)],
                fallback: String?, offers: [Offer], location: SourceLocation) {
        self.target = target
        self.parameters = parameters
        self.couponParameter = couponParameter
        self.utm = utm
        self.fallback = fallback
        self.offers = offers
        self.location = location
    }
}

extension OfferBook {
    /// The offers a cell gets on `day`: of the valid offers matching its slugs, those of the highest
    /// specificity, in file order. More than one is a tie (the planner reports it); none means the
    /// fallback or an error.
    public func mostSpecificValid(for slugs: [String], on day: Day, language: String? = nil) -> [Int] {
        let valid = offers.indices.filter {
            offers[$0].isValid(on: day) && offers[$0].selector.matches(slugs) && (offers[$0].language == nil || offers[$0].language == language)
        }
        // An offer for the page's language comes first: its words are in that language.
        func rank(_ i: Int) -> Int { (offers[i].language == nil ? 0 : 1_000) + offers[i].selector.specificity }
        let top = valid.map(rank).max()
        return valid.filter { rank($0) == top }
    }
}

/// A coupon with its price and validity window.
public struct Offer: Sendable {
    public var id: String
    public var selector: Selector
    public var name: String
    public var code: String
    public var currency: String
    /// Prices in cents, so that "$40.00" and "$40" are the same number.
    public var listPriceCents: Int
    public var priceCents: Int
    public var validFrom: Day
    public var validUntil: Day
    public var headline: String
    public var text: String
    public var button: String
    public var location: SourceLocation
    /// `lang:`: the only language whose pages get this offer (nil: every language).
    public var language: String?
    /// `name`, `headline`, `text`, `button` per language.
    public var localized: Translations = [:]

    public init(id: String, selector: Selector, name: String, code: String, currency: String, listPriceCents: Int,
                priceCents: Int, validFrom: Day, validUntil: Day, headline: String, text: String, button: String,
                location: SourceLocation) {
        self.id = id
        self.selector = selector
        self.name = name
        self.code = code
        self.currency = currency
        self.listPriceCents = listPriceCents
        self.priceCents = priceCents
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.headline = headline
        self.text = text
        self.button = button
        self.location = location
    }

    public func isValid(on day: Day) -> Bool { validFrom <= day && day <= validUntil }

    /// The offer's words in language `code`.
    public func localized(to code: String) -> Offer {
        guard let own = localized[code] else { return self }
        var o = self
        o.name = own["name"] ?? name
        o.headline = own["headline"] ?? headline
        o.text = own["text"] ?? text
        o.button = own["button"] ?? button
        return o
    }

    /// "$30" or "$29.50"; other currencies as "30 EUR".
    public static func format(cents: Int, currency: String) -> String {
        let whole = cents / 100, rest = cents % 100
        let number = rest == 0 ? "\(whole)" : "\(whole).\(rest < 10 ? "0" : "")\(rest)"
        return currency == "USD" ? "$" + number : "\(number) \(currency)"
    }
}
