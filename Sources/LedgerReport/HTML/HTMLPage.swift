import LedgerCore
import LedgerProjector

/// The frame and small widgets every HTML report shares: the document, the header band, escaping,
/// light dots and bars. Every piece of text from the log goes through ``escape(_:)``.
struct HTMLPage {
    let content: ReportContent

    init(_ content: ReportContent) {
        self.content = content
    }

    /// Text made safe for both element content and quoted attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
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

    func e(_ text: String) -> String { Self.escape(text) }

    func label(_ label: ReportLabel) -> String { e(content.label(label)) }

    /// A whole page: head with the inline stylesheet, the header band, then `body` inside `<main>`.
    func document(subtitle: String, audit: Bool, body: String) -> String {
        let state = content.state
        let title = state.title.isEmpty ? state.ledgerID : state.title
        let lang = content.language == .zh ? "zh-CN" : "en"
        return """
            <!DOCTYPE html>
            <html lang="\(lang)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(title)) · \(e(subtitle))</title>
            <style>
            \(HTMLStylesheet.css)
            </style>
            </head>
            <body\(audit ? " class=\"audit-page\"" : "")>
            <header class="band\(audit ? " audit" : "")">
            <div class="wrap">
            <div class="eyebrow">\(e(subtitle))</div>
            <h1>\(e(title))</h1>
            <dl class="meta">
            <div><dt>\(label(.ledger))</dt><dd><code>\(e(state.ledgerID))</code></dd></div>
            <div><dt>\(label(.asOf))</dt><dd>\(e(content.time(state.asOf))) <span class="muted-light">\(e(content.offsetNote))</span></dd></div>
            <div><dt>\(label(.recordsCovered))</dt><dd>\(state.recordCount)</dd></div>
            <div><dt>\(label(.headHash))</dt><dd><code title="\(e(state.head))">\(e(content.shortHead))</code></dd></div>
            </dl>
            </div>
            </header>
            <main class="wrap">
            \(body)
            </main>
            <footer class="wrap">\(label(.headHash))\(e(content.colon))<code>\(e(state.head))</code></footer>
            </body>
            </html>

            """
    }

    /// A task id, linked to its history page when the report is served with links.
    func taskLink(_ id: String) -> String {
        guard let links = content.links else { return e(id) }
        return "<a href=\"\(e(links.task(id)))\">\(e(id))</a>"
    }

    /// A record's number, linked to its page when the report is served with links.
    func recordLink(_ seq: Int, text: String? = nil) -> String {
        let shown = e(text ?? "#\(seq)")
        guard let links = content.links else { return shown }
        return "<a href=\"\(e(links.record(seq)))\">\(shown)</a>"
    }

    /// A coloured dot for a light.
    func dot(_ light: Light) -> String { "<span class=\"dot \(light.rawValue)\"></span>" }

    /// A horizontal bar filled to `percent` (clamped to 0…100) in the given fill class.
    func bar(_ percent: Double, fill: String) -> String {
        let clamped = percent.isFinite ? min(max(percent, 0), 100) : 0
        // Only 100 % fills the bar: below it the width never rounds up to 100 %.
        return
            "<div class=\"bar\"><span class=\"\(fill)\" style=\"width:\(JSONValue.canonicalNumber(ReportContent.roundedBelow(clamped, places: 1)))%\"></span></div>"
    }

    /// A panel with a heading and an optional count.
    func panel(_ title: String, count: Int? = nil, _ body: String) -> String {
        let counted = count.map { "<span class=\"count\">\($0)</span>" } ?? ""
        return "<section class=\"panel\"><h2>\(e(title))\(counted)</h2>\n\(body)</section>\n"
    }

    /// A table with the given header cells (already escaped) and rows (already HTML), or a "none" line.
    /// Column `widths` (percentages) fix the layout, so that tables of different sections line up.
    func table(_ headers: [String], _ rows: [String], numeric: Set<Int> = [], className: String = "", widths: [Int] = []) -> String {
        guard !rows.isEmpty else { return "<p class=\"empty\">\(label(.none))</p>\n" }
        let head = headers.enumerated().map { "<th\(numeric.contains($0.offset) ? " class=\"num\"" : "")>\($0.element)</th>" }.joined()
        let columns = widths.isEmpty ? "" : "<colgroup>" + widths.map { "<col style=\"width:\($0)%\">" }.joined() + "</colgroup>"
        let fixed = widths.isEmpty ? "" : " fixed"
        return "<table class=\"\(className)\(fixed)\">\(columns)<thead><tr>\(head)</tr></thead><tbody>\n" + rows.joined(separator: "\n")
            + "\n</tbody></table>\n"
    }

    /// A task's departments as a small grey line: `牵头：发改局 · 负责：住建局、交通局`.
    func units(_ task: TaskState) -> String {
        e(content.units(task, separator: " · "))
    }

    /// A number cell that greys out zeros and colours non-zero counts of bad things.
    func count(_ value: Int, badness: String? = nil) -> String {
        if value == 0 { return "<td class=\"num zero\">0</td>" }
        return "<td class=\"num\(badness.map { " " + $0 } ?? "")\">\(value)</td>"
    }
}
