import LedgerCore
import LedgerProjector

/// Lays the inspector's audit view out as one self-contained HTML page: a count card per list, then
/// each ``AuditTable`` as a panel: findings, late completions, delays (reason, signer, acceptance
/// time, dates moved), tasks never reported on, silent departments and overdue tasks.
struct HTMLAuditWriter {
    let content: ReportContent
    private let page: HTMLPage

    init(_ content: ReportContent) {
        self.content = content
        self.page = HTMLPage(content)
    }

    private func e(_ text: String) -> String { page.e(text) }

    func audit() -> String {
        let tables = content.auditTables
        var body = "<section class=\"cards\">\n"
        for table in tables {
            let n = table.rows.count
            body += "<div class=\"card\(n > 0 ? " red" : " green")\"><div class=\"num\">\(n)</div>"
            body += "<div class=\"lbl\">\(e(content.label(table.kind.label)))</div></div>\n"
        }
        body += "</section>\n"
        for table in tables {
            let headers = table.columns.map { e(content.header($0)) }
            let numeric = Set(table.columns.indices.filter { Self.isNumeric(table.columns[$0]) })
            let rows = table.rows.map { row in
                let cells = zip(table.columns, row.values).map { cell($0, $1, light: row.light) }.joined()
                return "<tr\(row.light.map { " class=\"light-\($0.rawValue)\"" } ?? "")>\(cells)</tr>"
            }
            body += page.panel(content.title(table.kind), count: table.rows.count, page.table(headers, rows, numeric: numeric))
        }
        return page.document(subtitle: content.label(.auditTitle), audit: true, body: body)
    }

    /// Columns of counts and record numbers, right-aligned.
    static func isNumeric(_ column: AuditTable.Column) -> Bool {
        switch column {
        case .seq, .daysLate, .daysOverdue, .daysSinceReport, .led, .shared: true
        default: false
        }
    }

    /// One cell, styled by what its column holds.
    private func cell(_ column: AuditTable.Column, _ value: AuditTable.Value, light: Light?) -> String {
        let text = e(content.text(value))
        switch (column, value) {
        case (.seq, _), (.led, _), (.shared, _): return "<td class=\"num\">\(text)</td>"
        case (.daysLate, _): return "<td class=\"num warn\">\(text)</td>"
        case (.daysOverdue, _), (.daysSinceReport, _): return "<td class=\"num bad\">\(text)</td>"
        case (.task, _): return "<td class=\"id\">\(text)</td>"
        case (.title, _): return "<td class=\"title\">\(text)</td>"
        case (.rule, _): return "<td><code>\(text)</code></td>"
        case (.until, _): return "<td class=\"nowrap\"><b>\(text)</b></td>"
        case (.deadline, _), (.from, _), (.completedAt, _), (.acceptedAt, _), (.assignedAt, _), (.lastReport, _):
            return "<td class=\"nowrap\">\(text)</td>"
        case (.percent, .percent(let percent)):
            return "<td class=\"progress\">\(page.bar(percent, fill: "fill-\((light ?? .red).rawValue)"))<span class=\"pct\">\(text)</span></td>"
        case (.lastUpdate, .update(_, let at, let by)):
            return "<td class=\"upd\">\(e(content.time(at)))<div>\(e(content.name(by)))</div></td>"
        default: return "<td>\(text)</td>"
        }
    }
}
