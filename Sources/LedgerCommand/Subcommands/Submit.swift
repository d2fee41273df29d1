import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore
import LedgerCrypto

/// `--accepted-at`: backfilling history with recorded acceptance times.
struct AcceptanceOptions: ParsableArguments {
    @Option(
        name: .customLong("accepted-at"),
        help: ArgumentHelp("Record this acceptance time instead of the system clock, for importing history; it may not precede the head.", valueName: "time"))
    var acceptedAt: String?

    func time() throws -> Timestamp? {
        try acceptedAt.map { try parseTimestamp($0, option: "--accepted-at") }
    }
}

/// `--operator-key`: the office's key that seals accepted records.
struct SealOptions: ParsableArguments {
    @Option(
        name: .customLong("operator-key"),
        help: ArgumentHelp("The office's operator key, which seals each accepted record (default: $LEDGER_OPERATOR_KEY).", valueName: "file"))
    var operatorKey: String?

    /// Whether an operator key was named, by the flag or the environment.
    var isGiven: Bool { operatorKey != nil || ProcessInfo.processInfo.environment["LEDGER_OPERATOR_KEY"] != nil }

    func key() throws -> SigningKey {
        guard let path = operatorKey ?? ProcessInfo.processInfo.environment["LEDGER_OPERATOR_KEY"] else {
            throw CLIError.input("--operator-key is required: the office seals every record it accepts (or set LEDGER_OPERATOR_KEY)")
        }
        return try loadSigningKey(path)
    }
}

/// `ledger submit FILE…`: the office appends statements departments signed.
struct Submit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Append signed statement files to the ledger, all or none.",
        discussion:
            "Each file holds one signed statement per line, as `ledger sign` writes them. A replayed or duplicate statement, a bad signature or a department acting outside its tasks refuses the whole submission."
    )

    @OptionGroup var location: LedgerLocation
    @OptionGroup var seal: SealOptions
    @OptionGroup var acceptance: AcceptanceOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: ArgumentHelp("Signed statement files.", valueName: "file")) var files: [String]

    func run() throws {
        var statements: [SignedStatement] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { throw CLIError.input("cannot read \(file)") }
            for (index, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() where !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D })
            {
                do {
                    statements.append(try SignedStatement(json: try JSONValue.parse([UInt8](line))))
                } catch let error as JSONError {
                    throw CLIError.input("\(file):\(index + 1): not valid JSON at byte \(error.offset): \(error.reason)")
                } catch let error as RecordError {
                    throw CLIError.input("\(file):\(index + 1): \(error.nested(under: "statement").description)")
                }
            }
        }
        guard !statements.isEmpty else { throw CLIError.input("no statements in \(files.joined(separator: ", "))") }
        let sealer = try seal.key()
        let receipts = try appendChecked(to: location, sealer: sealer, acceptedAt: try acceptance.time()) { _ in statements }
        printReceipts(receipts, json: output.json)
    }
}

/// Takes the append lock and learns the log's state (from the admission cache, or a replay it says it
/// made), lets `prepare` build the statements from what the ledger knows, then appends them with the
/// format's and the projector's rules, all or none, sealed by `sealer`.
func appendChecked(
    to location: LedgerLocation, sealer: SigningKey, acceptedAt: Timestamp?, _ prepare: (ChainState) throws -> [SignedStatement]
) throws -> [Receipt] {
    let appender = try openAppender(location, sealer: sealer)
    return try appender.append(try prepare(appender.chainState), accepted: acceptedAt)
}

/// The ledger opened for appending, with the projector's transition rules as admission policy.
func openAppender(_ location: LedgerLocation, sealer: SigningKey) throws -> Ledger.Appender {
    let appender = try location.open().appender(sealer: sealer)
    if case .replay(let why) = appender.start {
        FileHandleOutput.standardError.write("ledger: note: read the whole log (\(appender.chainState.nextSeq) records) because \(why)\n")
    }
    return appender
}
