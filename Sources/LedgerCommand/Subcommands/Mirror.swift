import ArgumentParser
import Foundation
import LedgerCore
import LedgerCrypto
import LedgerServerAPI
import LedgerStore
import LedgerTransparency

/// `ledger mirror URL DIR`: a verified copy of a served ledger, updated incrementally; with an
/// inspector's key, also cosigns the new checkpoint and sends the cosignature to the server.
struct Mirror: NetworkCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mirror a served ledger into DIR, verifying what is new; as an inspector, cosign it and send the cosignature to the server.",
        discussion: """
            The first run fetches the server's checkpoint and every record (tlog-tiles entry bundles), verifies \
            the whole log and the checkpoint's root and signature, and only then creates DIR: a complete ledger \
            directory every command works on. Later runs fetch the new checkpoint, the server's consistency proof \
            from the checkpoint DIR holds, and the new records, and verify only those, resuming from the state kept \
            in DIR/mirror. A smaller tree, another root, a proof that fails, a record that breaks a rule or a bad \
            signature is refused (exit 1) naming the size or the first differing record, and DIR is left as it was.

            With --inspector-key (an inspector key enrolled in the ledger) the mirror is then audited as \
            `ledger cosign` audits (from the inspector's own state), the checkpoint cosigned, and the cosignature \
            POSTed to the server's /cosignature.
            """
    )

    @Argument(help: "The served ledger's URL (http://host:port, or http://host:port/ledgers/<id>).") var url: String
    @Argument(help: "The mirror directory (created by the first run).") var directory: String
    @Option(
        help: ArgumentHelp("As this inspector (a key enrolled with role inspector): cosign the new checkpoint and send the cosignature.", valueName: "file"))
    var inspectorKey: String?
    @Option(
        help: ArgumentHelp(
            "The inspector's own state directory (default: $LEDGER_INSPECTOR_STATE, else ~/.ledger-inspector).", valueName: "dir"))
    var state: String?
    @Option(help: ArgumentHelp("Where an alarm's evidence is written (default: <state>/<ledger id>/evidence).", valueName: "dir"))
    var evidence: String?
    @OptionGroup var output: OutputOptions

    /// Always: `ledger` hands it to `ledger-remote`.
    var needsNetwork: Bool { true }

    func run() throws {
        let client = try NetworkAccess.client(url)
        let outcome = try Self.pull(client, into: directory)
        var json: [String: JSONValue] = Self.json(outcome)
        if !output.json { Self.print(outcome, directory: directory) }
        if let inspectorKey {
            let key = try loadSigningKey(inspectorKey)
            let stateDirectory = InspectorOptions.stateDirectory(state)
            let audit = try Inspector.audit(
                ledger: try Ledger(directory: directory), checkpoint: outcome.checkpoint.bytes, key: key, stateDirectory: stateDirectory,
                evidenceDirectory: evidence, cosign: true, now: UInt64(Date().timeIntervalSince1970))
            let note = audit.alreadyCosigned ? try Self.stateCheckpoint(stateDirectory, key: key, ledgerID: outcome.ledgerID) : audit.checkpoint.bytes
            let submission = CosignatureSubmission(
                oldSize: audit.alreadyCosigned ? 0 : (audit.previousSize ?? 0), proof: audit.alreadyCosigned ? [] : (audit.consistencyProof?.hashes ?? []),
                note: note)
            let answer: [UInt8]
            do { answer = try client.post("cosignature", body: submission.bytes, contentType: "text/plain; charset=utf-8") } catch let refusal
                as ServerRefusal where refusal.status == 409
            {
                throw CLIError.input(
                    "the server did not take the cosignature: it holds a checkpoint of \(refusal.message.split(separator: " ").last ?? "?") records, not the \(outcome.checkpoint.checkpoint.size) cosigned; run `ledger mirror` again"
                )
            }
            let held = try SignedNote(parsing: answer)
            let count = held.signatures.count - 1
            if output.json {
                json["cosigned"] = .bool(true)
                json["department"] = .string(audit.department)
                json["serverSignatures"] = .number(Double(held.signatures.count))
            } else {
                Swift.print(
                    audit.alreadyCosigned
                        ? "the checkpoint of \(outcome.checkpoint.checkpoint.size) records was already cosigned; the cosignature was sent again"
                        : "audited records \((audit.previousSize ?? 0))…\(outcome.checkpoint.checkpoint.size - 1) as inspector \(audit.department) and cosigned"
                )
                Swift.print("the server holds the checkpoint with \(count) cosignature\(count == 1 ? "" : "s")")
            }
        }
        if output.json { printJSON(.object(json)) }
    }

    /// Mirrors the ledger at `client` into `directory`: what `ledger mirror` and `ledger verify --server` share.
    static func pull(_ client: LedgerServerClient, into directory: String) throws -> LedgerMirror.Outcome {
        try LedgerMirror.run(url: client.base, directory: directory) { path in try client.get(path) }
    }

    /// The cosigned note in the inspector's state, for an inspector sending an earlier cosignature again.
    static func stateCheckpoint(_ stateDirectory: String, key: SigningKey, ledgerID: String) throws -> [UInt8] {
        let store = InspectorStateStore(stateDirectory: stateDirectory, ledgerID: ledgerID)
        guard let loaded = try store.load(key: key, suite: key.suite) else { throw CLIError.input("the inspector has no state for \(ledgerID)") }
        return loaded.state.checkpoint
    }

    static func json(_ outcome: LedgerMirror.Outcome) -> [String: JSONValue] {
        [
            "ledger": .string(outcome.ledgerID), "size": .number(Double(outcome.checkpoint.checkpoint.size)),
            "root": .string(NoteBase64.encode(outcome.checkpoint.checkpoint.rootHash)),
            "previousSize": outcome.previousSize.map { .number(Double($0)) } ?? .null, "recordsVerified": .number(Double(outcome.recordsVerified)),
            "cosignatures": .array(
                outcome.cosignatures.map { ["dept": .string($0.department), "key": .string($0.keyID), "time": .number(Double($0.timestamp))] }),
        ]
    }

    static func print(_ outcome: LedgerMirror.Outcome, directory: String) {
        let size = outcome.checkpoint.checkpoint.size
        switch outcome.previousSize {
        case nil:
            Swift.print(
                "mirrored ledger \(outcome.ledgerID) into \(directory): \(size) records verified, checkpoint root \(NoteBase64.encode(outcome.checkpoint.checkpoint.rootHash))"
            )
        case let previous? where previous == size:
            Swift.print("ledger \(outcome.ledgerID): the server's checkpoint of \(size) records is the one \(directory) holds; nothing new")
        case let previous?:
            Swift.print(
                "ledger \(outcome.ledgerID): checkpoint of \(size) records consistent with the \(previous) held; records \(previous)…\(size - 1) verified (\(outcome.recordsVerified))"
            )
        }
        for c in outcome.cosignatures {
            Swift.print("  cosigned by inspector \(c.department) (key \(c.keyID.prefix(16))…) at \(Timestamp(secondsSinceEpoch: Int64(c.timestamp)))")
        }
    }
}
