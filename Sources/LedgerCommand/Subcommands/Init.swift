import ArgumentParser
import LedgerCore
import LedgerCrypto
import LedgerStore

/// `ledger init DIR`: creates a ledger whose genesis record names its id, suite and operator key.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a new ledger directory with its genesis record.",
        discussion: "The suite (sm2-sm3 or ed25519-sha256) is the operator key's, and is fixed for the ledger's life."
    )

    @Argument(help: ArgumentHelp("The new ledger directory.", valueName: "dir")) var directory: String
    @Option(help: ArgumentHelp("The ledger id, e.g. pingjiang-2023 (a-z, 0-9, '.', '-').", valueName: "id")) var id: String
    @Option(name: .customLong("operator-key"), help: ArgumentHelp("The task-force office's private key; its type sets the suite.", valueName: "file"))
    var operatorKey: String
    @Option(help: ArgumentHelp("The operator's (task-force office's) department code, e.g. ZBBGS.", valueName: "code")) var dept: String
    @Option(help: ArgumentHelp("The operator's display name, e.g. 打好经济增长主动仗工作专班办公室.", valueName: "name")) var name: String
    @Option(help: ArgumentHelp("The ledger's title, e.g. 平江县打好经济增长主动仗工作台账.", valueName: "text")) var title: String
    @Option(name: .customLong("utc-offset"), help: ArgumentHelp("The UTC offset in which deadline days end.", valueName: "+HH:MM")) var utcOffset = "+08:00"
    @Option(help: ArgumentHelp("Refuse unless the operator key is of this suite (sm2-sm3, ed25519-sha256).", valueName: "suite")) var suite: String?
    @OptionGroup var acceptance: AcceptanceOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        guard Identifier.isLedgerID(id) else { throw CLIError.input("--id: \"\(id)\" is not a ledger id (a-z, 0-9, '.', '-', 3-64 characters)") }
        let key = try loadSigningKey(operatorKey)
        if let suite {
            guard let wanted = Suite(rawValue: suite) else { throw CLIError.input("--suite: unknown suite \"\(suite)\" (sm2-sm3 or ed25519-sha256)") }
            guard wanted == key.suite else {
                throw CLIError.input(
                    "--suite \(suite) but the operator key is \(key.suite.rawValue); generate a key with `ledger key generate --suite \(suite)`")
            }
        }
        let genesis = Genesis(suite: key.suite, title: title, utcOffset: utcOffset, department: dept, name: name, key: key.publicKey)
        let time = try acceptance.time() ?? Timestamp.now()
        let statement = Statement(ledger: id, time: time, department: dept, keyID: key.publicKey.keyID(in: key.suite), event: .genesis(genesis))
        try statement.validate()
        let receipt = try LedgerDirectory.create(path: directory, genesis: try statement.signed(with: key), operatorKey: key, accepted: time).1
        if output.json {
            printJSON(receipt.json)
        } else {
            print("created ledger \(id) (\(key.suite.rawValue)) in \(directory)")
            print(receipt.line)
        }
    }
}
