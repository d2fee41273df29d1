import LedgerCore
import LedgerCrypto
import LedgerProjector
import LedgerReport

// How the tool shows what the library returns: receipts, JSON lines, event summaries and reports.

/// Prints a JSON value as one canonical line (what scripts reading `--json` get).
func printJSON(_ value: JSONValue) {
    print(value.canonicalString)
}

extension Receipt {
    var json: JSONValue {
        [
            "seq": .number(Double(seq)), "statement": .string(statementID), "hash": .string(recordHash), "head": .string(head),
            "accepted": .string(accepted.description),
        ]
    }

    var line: String {
        "accepted record \(seq)  statement \(statementID)  at \(accepted)\n  record hash \(recordHash)\n  head        \(head)"
    }
}

/// Prints receipts as text or JSON.
func printReceipts(_ receipts: [Receipt], json: Bool) {
    if json {
        printJSON(.array(receipts.map(\.json)))
    } else {
        for receipt in receipts { print(receipt.line) }
    }
}

/// Renders a report of a state; the state carries the ledger's offset, section titles and thresholds.
func render(state: ProjectedState, format: ReportFormat, language: ReportLanguage, audit: Bool, color: Bool) -> String {
    let renderer = ReportRenderer(state: state, language: language, color: color)
    return audit ? renderer.renderAudit(format) : renderer.render(format)
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}

extension Event {
    /// One line for people: what the statement says.
    var summary: String {
        switch self {
        case .genesis(let g): "ledger created: \(g.title), suite \(g.suite.rawValue), operator \(g.department) \(g.name)"
        case .keyEnrolled(let dept, let name, let role, _): "enrolled a \(role.rawValue) key for \(dept) \(name)"
        case .keyRotated(let old, _): "rotated key \(old.prefix(16))…"
        case .keyRevoked(let key, let reason): "revoked key \(key.prefix(16))…: \(reason)"
        case .plan(let title, let sections, let targets): "plan \(title): \(sections.count) sections, \(targets.count) headline/section targets"
        case .assigned(_, let a): "\(a.title) — lead \(a.lead.joined(separator: ",")) co \(a.co.joined(separator: ",")) due \(a.deadline)"
        case .progress(_, let percent, let metrics, let note):
            (["\(JSONValue.canonicalNumber(percent))%"] + metrics.map { "\($0.metric)=\(JSONValue.canonicalNumber($0.value))\($0.unit)" }
                + (note.map { [$0] } ?? [])).joined(separator: "  ")
        case .completed(_, let evidence, let note): "completed with \(evidence.count) evidence file(s)\(note.map { ": \($0)" } ?? "")"
        case .delayed(_, let reason, let until): "delayed to \(until): \(reason)"
        }
    }
}
