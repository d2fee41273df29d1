import LedgerCore
import LedgerProjector
import LedgerReport

// How the tool shows what the library returns: receipts, JSON lines and reports.

/// Prints a JSON value as one canonical line (what scripts reading `--json` get).
func printJSON(_ value: JSONValue) {
    print(value.canonicalString)
}

extension Receipt {
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
