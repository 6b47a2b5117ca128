/// A page that is not a matrix cell or a hub: `Content/pages/<slug>.md` (About, Privacy, How we
/// review …). Its front matter gives the title, description, optional URL and menu placement; its
/// body is Markdown with site-wide placeholders (`{{ site.name }}`).
public struct StandalonePage: Sendable {
    /// Where a link to the page appears: in the header's navigation, the footer's, or nowhere (the
    /// page is still in the sitemap and can be linked from prose).
    public enum Menu: String, Sendable, CaseIterable {
        case header, footer, none
    }

    /// The file name without `.md`.
    public var slug: String
    public var title: String
    public var description: String
    /// Site path, `/about/` (from `url:`, else `/<slug>/`).
    public var path: String
    public var menu: Menu
    /// Shorter text for the menu link (`menu_label:`), else the title.
    public var menuLabel: String
    /// Menu order (`order:`, smaller first; then by file name).
    public var order: Int
    public var body: PlaceholderText
    public var location: SourceLocation
    /// The `url:` line, or the file's first line when the URL comes from the file name.
    public var pathLocation: SourceLocation
    public var sourceHash = ContentHash()

    public init(slug: String, title: String, description: String, path: String, menu: Menu, menuLabel: String, order: Int,
                body: PlaceholderText, location: SourceLocation, pathLocation: SourceLocation) {
        self.slug = slug
        self.title = title
        self.description = description
        self.path = path
        self.menu = menu
        self.menuLabel = menuLabel
        self.order = order
        self.body = body
        self.location = location
        self.pathLocation = pathLocation
    }
}
