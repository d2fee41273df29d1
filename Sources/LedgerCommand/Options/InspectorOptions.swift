import ArgumentParser
import Foundation
import LedgerCrypto
import LedgerStore
import LedgerTransparency

/// The inspector's key and its own state, for `ledger audit` and `ledger cosign`.
struct InspectorOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The inspector's private key (PKCS#8 PEM, mode 0600), enrolled with role inspector (default: $LEDGER_INSPECTOR_KEY).", valueName: "file"))
    var key: String?
    @Option(
        help: ArgumentHelp(
            "The inspector's own state directory, outside the ledger: one subdirectory per ledger id (default: $LEDGER_INSPECTOR_STATE, else ~/.ledger-inspector).",
            valueName: "dir"))
    var state: String?
    @Option(help: ArgumentHelp("Where an alarm's evidence is written (default: <state>/<ledger id>/evidence).", valueName: "dir"))
    var evidence: String?
    @Option(help: ArgumentHelp("The signed checkpoint to audit (default: the ledger's latest, its `checkpoint` file).", valueName: "file"))
    var checkpoint: String?

    func signingKey() throws -> SigningKey {
        guard let path = key ?? ProcessInfo.processInfo.environment["LEDGER_INSPECTOR_KEY"] else {
            throw CLIError.input("--key is required: the inspector's own key (or set LEDGER_INSPECTOR_KEY)")
        }
        return try loadSigningKey(path)
    }

    var stateDirectory: String { Self.stateDirectory(state) }

    /// `given`, else $LEDGER_INSPECTOR_STATE, else ~/.ledger-inspector: the one rule for every command an inspector runs.
    static func stateDirectory(_ given: String?) -> String {
        if let given { return given }
        if let env = ProcessInfo.processInfo.environment["LEDGER_INSPECTOR_STATE"], !env.isEmpty { return env }
        return (ProcessInfo.processInfo.environment["HOME"] ?? ".") + "/.ledger-inspector"
    }

    func checkpointBytes() throws -> [UInt8]? {
        try checkpoint.map { try readInputFile($0, what: "checkpoint") }
    }

    /// Audits the ledger at `location` from this inspector's state, cosigning when `cosign` is set, and
    /// prints the outcome: what `ledger audit` and `ledger cosign` both do.
    func audit(_ location: LedgerLocation, cosign: Bool, json: Bool) throws {
        let outcome = try Inspector.audit(
            ledger: try location.open().ledger, checkpoint: try checkpointBytes(), key: try signingKey(), stateDirectory: stateDirectory,
            evidenceDirectory: evidence, cosign: cosign, now: UInt64(Date().timeIntervalSince1970))
        AuditOutput.print(outcome, cosigned: cosign, json: json)
    }
}
