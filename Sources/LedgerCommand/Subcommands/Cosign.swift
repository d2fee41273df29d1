import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore
import LedgerTransparency

/// `ledger cosign`: an inspector audits what is new since the checkpoint it last cosigned and cosigns
/// the ledger's latest checkpoint (FORMAT.md §12.9).
struct Cosign: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "As an inspector: audit the log since the last checkpoint you cosigned, then cosign the latest checkpoint.",
        discussion: """
            Checks that the checkpoint extends the one you last cosigned (a consistency proof), that every \
            record since passes every check (resuming from the verified state kept in your own state \
            directory), that those records give the checkpoint's root and that the office signed it; then \
            adds your timestamped cosignature (C2SP tlog-cosignature) to the checkpoint in the ledger \
            directory and advances your state. The first cosign of a ledger checks the whole log.

            A checkpoint that is not an extension of what you cosigned (the log was truncated, rewritten \
            or forked) is refused with an ALARM, exit 1, and the evidence (both signed checkpoints, the \
            failed proof, the first differing record when it can be found) is written to the evidence \
            directory.
            """
    )

    @OptionGroup var location: LedgerLocation
    @OptionGroup var inspector: InspectorOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try inspector.audit(location, cosign: true, json: output.json)
    }
}

/// What `ledger audit` and `ledger cosign` print.
enum AuditOutput {
    static func print(_ outcome: Inspector.Outcome, cosigned: Bool, json: Bool) {
        let checkpoint = outcome.checkpoint.checkpoint
        if json {
            var object: [String: JSONValue] = [
                "valid": true, "size": .number(Double(checkpoint.size)), "root": .string(NoteBase64.encode(checkpoint.rootHash)),
                "previousSize": outcome.previousSize.map { .number(Double($0)) } ?? .null, "recordsChecked": .number(Double(outcome.recordsChecked)),
                "alreadyCosigned": .bool(outcome.alreadyCosigned), "cosigned": .bool(outcome.cosignedAt != nil),
                "cosignatures": .array(
                    outcome.cosignatures.map { ["dept": .string($0.department), "key": .string($0.keyID), "time": .number(Double($0.timestamp))] }),
            ]
            if let at = outcome.cosignedAt { object["cosignedAt"] = .number(Double(at)) }
            printJSON(.object(object))
            return
        }
        if outcome.alreadyCosigned {
            Swift.print("the checkpoint of \(checkpoint.size) records is the one you last cosigned; nothing new to audit")
            return
        }
        let range =
            outcome.recordsChecked == 0
            ? "no new record" : "records \(checkpoint.size - outcome.recordsChecked)…\(checkpoint.size - 1) verified (\(outcome.recordsChecked))"
        let from = outcome.previousSize.map { "consistent with the \($0) records you cosigned" } ?? "first audit of this ledger: the whole log checked"
        Swift.print("checkpoint of \(checkpoint.size) records, root \(NoteBase64.encode(checkpoint.rootHash)): \(from); \(range)")
        if let at = outcome.cosignedAt {
            Swift.print("cosigned as \(outcome.department) at \(Timestamp(secondsSinceEpoch: Int64(at))); the cosigned checkpoint is in the ledger directory")
        } else if cosigned == false {
            Swift.print("audit passed (nothing was cosigned; `ledger cosign` cosigns and advances your state)")
        }
        for c in outcome.cosignatures {
            Swift.print("  cosigned by \(c.department) (key \(c.keyID.prefix(16))…) at \(Timestamp(secondsSinceEpoch: Int64(c.timestamp)))")
        }
    }
}
