import ArgumentParser
import LedgerCore
import LedgerCrypto
import LedgerStore

/// `ledger verify`: checks every record and reports the first bad one.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify every record: canonical form, chain link, time, signature, key validity and authority.",
        discussion: "Needs nothing but the ledger directory (a copy will do). Exits 1 and names the first bad record when verification fails."
    )

    @OptionGroup var location: LedgerLocation
    @Option(help: ArgumentHelp("A record hash the ledger must still contain (from a receipt): catches truncation and rewriting.", valueName: "hash"))
    var anchor: String?
    @OptionGroup var output: OutputOptions

    func run() throws {
        let ledger = try location.open()
        if let anchor, !Identifier.isDigest(anchor) { throw CLIError.input("--anchor: \"\(anchor)\" is not a 64-digit lowercase hex hash") }
        let report = try Verifier.verify(ledger.ledger, anchor: anchor)
        let anchorMissing = anchor != nil && report.anchorSeq == nil && report.failure == nil
        if output.json {
            var object: [String: JSONValue] = [
                "valid": .bool(report.isValid), "records": .number(Double(report.verifiedRecords)), "head": .string(report.head),
            ]
            if let id = report.ledgerID { object["ledger"] = .string(id) }
            if let suite = report.suite { object["suite"] = .string(suite.rawValue) }
            // FORMAT.md §6: a torn tail fails at the position the partial line would have had, an empty
            // log at record 0; scripts read both from failure.seq like any other failure.
            let failure =
                report.failure
                ?? (report.verifiedRecords == 0
                    ? RecordError(.malformed, seq: 0, "the log has no complete record (record 0 must be the genesis record)")
                    : report.tornTail.map {
                        RecordError(.tornTail, seq: report.verifiedRecords, "the log ends in a partial line of \($0.length) bytes at byte \($0.offset)")
                    })
            if let failure {
                var f: [String: JSONValue] = [
                    "code": .string(failure.code.rawValue), "reason": .string(failure.reason), "message": .string(failure.description),
                ]
                if let seq = failure.seq { f["seq"] = .number(Double(seq)) }
                if let field = failure.field { f["field"] = .string(field) }
                object["failure"] = .object(f)
            }
            if let tail = report.tornTail {
                object["tornTail"] = ["offset": .number(Double(tail.offset)), "length": .number(Double(tail.length))]
            }
            if anchor != nil {
                object["anchorSeq"] = report.anchorSeq.map { .number(Double($0)) } ?? .null
                if anchorMissing { object["valid"] = .bool(false) }
            }
            printJSON(.object(object))
        } else if let failure = report.failure {
            print("verification FAILED at record \(failure.seq.map(String.init) ?? "?"): \(failure.field.map { "\($0): " } ?? "")\(failure.reason)")
            print(
                report.verifiedRecords == 0
                    ? "  no record verified"
                    : "  records 0…\(report.verifiedRecords - 1) verified; head before the failure \(report.head)")
        } else if report.verifiedRecords == 0 {
            print("verification FAILED: the log has no complete record (record 0 must be the genesis record)")
        } else if let tail = report.tornTail {
            print("ledger \(report.ledgerID ?? "?") (\(report.suite?.rawValue ?? "?")): \(report.verifiedRecords) records verified, head \(report.head)")
            print(
                "verification FAILED: the log ends in a partial line (\(tail.length) bytes at byte \(tail.offset)) after record \(report.verifiedRecords - 1); an append was interrupted. Run `ledger recover` to move it aside."
            )
        } else {
            print("ledger \(report.ledgerID ?? "?") (\(report.suite?.rawValue ?? "?")): \(report.verifiedRecords) records verified, head \(report.head)")
            if let state = report.state {
                print("  \(state.registry.keys.count) keys, \(state.tasks.count) tasks, last accepted \(state.lastAccepted.map(\.description) ?? "-")")
            }
        }
        if anchorMissing && !output.json {
            print("verification FAILED: no verified record has hash \(anchor!): the ledger was truncated or rewritten since that receipt")
        } else if let seq = report.anchorSeq, !output.json {
            print("  anchor \(anchor!.prefix(16))… is record \(seq)")
        }
        if !report.isValid || anchorMissing { throw ExitCode(1) }
    }
}
