import Foundation

/// Wraps a page's body in the common layout (`layout.html`): the head with the shared style and
/// scripts, and the navigation between pages.
enum PageLayout {
    static func html(for page: ServePage, among pages: [ServePage]) -> String {
        let nav: String = pages.map { other -> String in
            let current = other.path == page.path ? " aria-current=\"page\"" : ""
            return "<a href=\"\(other.path)\"\(current)>\(escaped(other.title))</a>"
        }.joined(separator: "\n      ")
        let slots: [(String, String)] = [("{{title}}", escaped(page.title)), ("{{script}}", page.scriptAsset), ("{{nav}}", nav),
                                         ("{{body}}", Assets.text(page.bodyAsset))]
        var html: String = Assets.text("layout.html")
        for (slot, value) in slots { html = html.replacingOccurrences(of: slot, with: value) }
        return html
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
