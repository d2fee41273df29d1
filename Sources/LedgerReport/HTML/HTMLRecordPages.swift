import LedgerCore
import LedgerProjector

/// The pages a served dashboard links to: a task's history (every record about it) and one record
/// (who signed what, when it was accepted, its hash and its exact line in the log). Same frame and
/// stylesheet as the report, so the office reads one look throughout.
struct HTMLRecordPages {
    let content: ReportContent
    private let page: HTMLPage

    init(_ content: ReportContent) {
        self.content = content
        self.page = HTMLPage(content)
    }

    private func e(_ text: String) -> String { page.e(text) }
    private func label(_ label: ReportLabel) -> String { page.label(label) }

    private var back: String {
        guard let links = content.links else { return "" }
        return "<p><a href=\"\(e(links.report))\">← \(label(.backToReport))</a></p>\n"
    }

    func taskHistory(taskID: String, records: [(record: Record, hash: String)]) -> String {
        let task = content.state.tasks.first { FormatRule.same($0.id, taskID) }
        var body = back
        if let task {
            body += "<p><span class=\"id\">\(e(task.id))</span> <b>\(e(task.title))</b></p>\n<p class=\"units\">\(page.units(task))</p>\n"
        }
        let headers = [label(.seq), label(.acceptedAt), label(.signer), label(.type), label(.content)]
        let rows = records.map { entry in
            let s = entry.record.signed.statement
            return "<tr><td class=\"num\">\(page.recordLink(entry.record.seq))</td><td class=\"nowrap\">\(e(content.time(entry.record.accepted)))</td>"
                + "<td>\(e(content.name(s.department)))</td><td><code>\(e(s.event.type))</code></td><td>\(e(s.event.summary))</td></tr>"
        }
        body += page.panel(label(.taskHistory), count: records.count, page.table(headers, rows, numeric: [0], className: "history"))
        return page.document(subtitle: "\(content.label(.taskHistory)) · \(taskID)", audit: false, body: body)
    }

    func record(_ record: Record, hash: String, hasNext: Bool) -> String {
        let s = record.signed.statement
        var rows: [(ReportLabel, String)] = [
            (.seq, "\(record.seq)"),
            (.acceptedAt, "\(e(content.time(record.accepted))) <code>\(e(record.accepted.description))</code>"),
            (.signer, "\(e(content.name(s.department))) <code>\(e(s.department))</code>"),
            (.type, "<code>\(e(s.event.type))</code>"),
            (.content, e(s.event.summary)),
            (.statementID, "<code>\(e(s.id))</code>"),
            (.recordHash, "<code>\(e(hash))</code>"),
        ]
        if let task = s.event.task { rows.insert((.task, page.taskLink(task)), at: 4) }
        if let proof = content.links?.proof {
            rows.append((.inclusionProof, "<a href=\"\(e(proof(record.seq)))\">\(label(.inclusionProofLink))</a>"))
        }
        var body = back
        body +=
            "<table class=\"record\"><tbody>\n"
            + rows.map { "<tr><th>\(label($0.0))</th><td>\($0.1)</td></tr>" }.joined(separator: "\n") + "\n</tbody></table>\n"
        var nav: [String] = []
        if record.seq > 0 { nav.append(page.recordLink(record.seq - 1, text: "← \(content.label(.previousRecord))")) }
        if hasNext { nav.append(page.recordLink(record.seq + 1, text: "\(content.label(.nextRecord)) →")) }
        if !nav.isEmpty { body += "<p class=\"nav\">\(nav.joined(separator: " · "))</p>\n" }
        body += page.panel(label(.loggedLine), "<pre class=\"line\">\(e(String(decoding: record.line, as: UTF8.self)))</pre>\n")
        return page.document(subtitle: "\(content.label(.record)) \(record.seq)", audit: false, body: body)
    }
}
