/// Self-contained HTML pages (inline CSS, inline SVG), so a report opens anywhere without a network.
public enum HTMLPage {
    public static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A page with a title, a body fragment (already escaped), and the shared style.
    public static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8" />
        <title>\(escape(title))</title>
        <style>
        body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
        table { border-collapse: collapse; margin: 1em 0; }
        th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; font-variant-numeric: tabular-nums; }
        tr.marked { background: #fff3c4; font-weight: bold; }
        dl { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }
        dt { font-weight: bold; }
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    /// The generic page: the summary as a definition list and the rows as a table.
    public static func table(_ table: ReportTable) -> String {
        page(title: table.title, body: fragment(table))
    }

    public static func fragment(_ table: ReportTable) -> String {
        var body = "<h1>\(escape(table.title))</h1>\n"
        if !table.summary.isEmpty {
            body += "<dl>\n" + table.summary.map { "<dt>\(escape($0.label))</dt><dd>\(escape($0.value))</dd>" }
                .joined(separator: "\n") + "\n</dl>\n"
        }
        if !table.rows.isEmpty {
            body += "<table>\n<tr>" + table.columns.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n"
            for (index, row) in table.rows.enumerated() {
                let marked = table.marked.contains(index) ? " class=\"marked\"" : ""
                body += "<tr\(marked)>" + row.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n"
            }
            body += "</table>\n"
        }
        for note in table.notes { body += "<p>\(escape(note))</p>\n" }
        return body
    }
}
