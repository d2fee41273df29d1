import ArgumentParser
import Foundation
import LedgerCore
import LedgerCrypto
import LedgerStore
import LedgerTransparency

/// `ledger verify`: checks every record and reports the first bad one.
struct Verify: NetworkCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify every record: canonical form, chain link, time, signature, key validity and authority.",
        discussion:
            "Needs nothing but the ledger directory (a copy will do), or --server URL to verify what a server serves (fetched into a temporary mirror). Exits 1 and names the first bad record when verification fails."
    )

    @OptionGroup var location: LedgerLocation
    @Option(help: ArgumentHelp("A record hash the ledger must still contain (from a receipt): catches truncation and rewriting.", valueName: "hash"))
    var anchor: String?
    @Option(
        help: ArgumentHelp(
            "A signed checkpoint (from `ledger checkpoint`) whose tree the log must still contain: catches truncation and rewriting below it, and names the first changed record when the old tree is still in the ledger directory.",
            valueName: "file"))
    var checkpoint: String?
    @Option(
        help: ArgumentHelp(
            "An offline audit bundle (from `ledger bundle`) to check with nothing else; with --key, its checkpoint must be signed by that key.",
            valueName: "file"))
    var bundle: String?
    @OptionGroup var trusted: TrustedKeys
    @OptionGroup var remote: ServerOptions
    var needsNetwork: Bool { remote.server != nil }
    @OptionGroup var output: OutputOptions

    func run() throws {
        if let bundle { return try Self.verifyBundle(bundle, keys: try trusted.keys(), json: output.json) }
        // --server: what the server serves, fetched into a temporary mirror (`ledger mirror` checks the
        // checkpoint's root and signature as it fetches), then verified here like any directory.
        var mirrored: String?
        defer { if let mirrored { try? FileManager.default.removeItem(atPath: mirrored) } }
        if let client = try remote.client() {
            if location.path != nil { throw CLIError.input("give --ledger or --server, not both") }
            let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-verify-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
            mirrored = temporary
            _ = try Mirror.pull(client, into: temporary + "/ledger")
        }
        let ledger = try mirrored.map { try LedgerDirectory(path: $0 + "/ledger") } ?? location.open()
        let checkpoint = self.checkpoint ?? mirrored.map { $0 + "/ledger/checkpoint" }
        if let anchor, !Identifier.isDigest(anchor) { throw CLIError.input("--anchor: \"\(anchor)\" is not a 64-digit lowercase hex hash") }
        var containment: CheckpointContainment?
        var note: SignedNote?
        if let checkpoint {
            let parsed = try SignedNote(parsing: try readInputFile(checkpoint, what: "checkpoint"))
            note = parsed
            // Without a readable genesis the log fails at record 0 anyway; the suite then does not matter.
            let suite = (try? ledger.ledger.genesis().genesis.suite) ?? .ed25519sha256
            containment = CheckpointContainment(checkpoint: try Checkpoint(text: parsed.text), suite: suite)
        }
        let report = try Verifier.verify(
            ledger.ledger, anchor: anchor,
            onRecord: containment == nil
                ? nil
                : { record in
                    containment?.observe(recordLine: record.line)
                    return true
                })
        var checkpointFailure = try containment.flatMap {
            try Self.checkpointFailure($0, note: note!, report: report, ledgerDirectory: ledger.path, keys: try trusted.keys())
        }
        // Inspectors' cosignatures (FORMAT.md §12.4): each one by an enrolled inspector key must verify.
        var cosignatures: [CheckpointCosigners.Verified] = []
        if let note, let state = report.state, checkpointFailure == nil {
            do { cosignatures = try CheckpointCosigners.verified(try SignedCheckpoint(unverified: note), registry: state.registry) } catch {
                checkpointFailure = ("the checkpoint carries a cosignature that does not verify: \(error)", nil)
            }
        }
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
            if let containment {
                var c: [String: JSONValue] = ["size": .number(Double(containment.checkpoint.size)), "contained": .bool(checkpointFailure == nil)]
                c["cosignatures"] = .array(
                    cosignatures.map { ["dept": .string($0.department), "key": .string($0.keyID), "time": .number(Double($0.timestamp))] })
                if let failure = checkpointFailure {
                    c["reason"] = .string(failure.reason)
                    c["firstChangedSeq"] = failure.firstChanged.map { .number(Double($0)) } ?? .null
                    object["valid"] = .bool(false)
                }
                object["checkpoint"] = .object(c)
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
        if let containment, !output.json, report.verifiedRecords > 0 {
            if let failure = checkpointFailure {
                print("verification FAILED: \(failure.reason)")
            } else {
                print(
                    "  checkpoint of \(containment.checkpoint.size) records is contained: records 0…\(containment.checkpoint.size - 1) are the ones it signed")
                if cosignatures.isEmpty { print("  no inspector has cosigned it") }
                for c in cosignatures {
                    print("  cosigned by inspector \(c.department) (key \(c.keyID.prefix(16))…) at \(Timestamp(secondsSinceEpoch: Int64(c.timestamp)))")
                }
            }
        }
        if !report.isValid || anchorMissing || checkpointFailure != nil { throw ExitCode(1) }
    }

    /// `--bundle`: checks a bundle without the ledger and prints what it proved.
    static func verifyBundle(_ path: String, keys: [VerifyingKey], json: Bool) throws {
        let verified = try AuditBundle.verify(try readInputFile(path, what: "bundle"), keys: keys)
        let cp = verified.checkpoint.checkpoint
        if json {
            var object: [String: JSONValue] = [
                "valid": true, "ledger": .string(verified.ledgerID), "suite": .string(verified.suite.rawValue), "treeSize": .number(Double(cp.size)),
                "first": .number(Double(verified.first)), "count": .number(Double(verified.count)), "signedBy": .array(verified.signedBy.map { .string($0) }),
                "genesisKey": .string(verified.genesisKeyID), "evidence": .array(verified.evidence.map { .string($0) }),
                "cosignatures": .array(
                    verified.cosignatures.map { ["dept": .string($0.department), "key": .string($0.keyID), "time": .number(Double($0.timestamp))] }),
            ]
            object["consistentFrom"] = verified.consistentFrom.map { .number(Double($0)) } ?? .null
            printJSON(.object(object))
            return
        }
        print(
            "bundle of ledger \(verified.ledgerID) (\(verified.suite.rawValue)): records \(verified.first)…\(verified.first + verified.count - 1) verified and included in the checkpoint of \(cp.size) records"
        )
        print(
            "  checkpoint signed by operator key \(verified.signedBy.map { String($0.prefix(16)) + "…" }.joined(separator: ", "))"
                + (keys.isEmpty
                    ? " (enrolled by the bundle's own records; genesis key \(verified.genesisKeyID.prefix(16))…: compare it with the office's, or give --key)"
                    : " (a --key)"))
        for c in verified.cosignatures {
            print("  cosigned by inspector \(c.department) (key \(c.keyID.prefix(16))…) at \(Timestamp(secondsSinceEpoch: Int64(c.timestamp)))")
        }
        if verified.cosignatures.isEmpty { print("  no inspector has cosigned the checkpoint") }
        if let from = verified.consistentFrom { print("  the log of \(cp.size) records extends the older checkpoint of \(from) records") }
        for digest in verified.evidence { print("  evidence \(digest) matches its digest") }
    }

    /// Why the log does not contain the checkpoint's tree (or the checkpoint is not the office's), and
    /// the first record that differs when it can be named; nil when it is contained.
    static func checkpointFailure(
        _ containment: CheckpointContainment, note: SignedNote, report: VerificationReport, ledgerDirectory: String, keys given: [VerifyingKey]
    ) throws -> (reason: String, firstChanged: Int?)? {
        let checkpoint = containment.checkpoint
        if let id = report.ledgerID, checkpoint.origin != Checkpoint.origin(ledgerID: id) {
            return ("the checkpoint is of \(checkpoint.origin), not of this ledger (\(Checkpoint.origin(ledgerID: id)))", nil)
        }
        switch containment.outcome {
        case .contained:
            // FORMAT.md §12.4: signed by an operator key active after the tree's last record (or a key the checker trusts).
            let keys = given.isEmpty ? report.state.map { CheckpointSigners.keys(registry: $0.registry, treeSize: checkpoint.size) } ?? [] : given
            do {
                _ = try note.verify(try checkpointVerifiers(origin: checkpoint.origin, keys: keys))
            } catch {
                return (
                    "the checkpoint's signature is not by \(given.isEmpty ? "an operator key of this ledger active at its size" : "a --key"): \(error)", nil
                )
            }
            return nil
        case .truncated(let records):
            guard report.isValid else { return ("the log does not verify as far as the checkpoint's \(checkpoint.size) records", nil) }
            let first = containment.locateDifference(ledgerDirectory: ledgerDirectory)
            return (
                "the log has \(records) records, fewer than the \(checkpoint.size) of the checkpoint: it was truncated"
                    + (first.map {
                        $0 < records
                            ? ", and record \($0) is the first that differs from the checkpointed tree" : ", and records \($0)…\(checkpoint.size - 1) are gone"
                    } ?? ""),
                first ?? records
            )
        case .rewritten:
            let first = containment.locateDifference(ledgerDirectory: ledgerDirectory)
            return (
                "the first \(checkpoint.size) records no longer have the checkpoint's root: the log was rewritten below the checkpoint; "
                    + (first.map { "record \($0) is the first that differs from the checkpointed tree" }
                        ?? "which record changed cannot be told from a checkpoint alone (no old tree of it is kept in the ledger directory)"),
                first
            )
        }
    }
}
