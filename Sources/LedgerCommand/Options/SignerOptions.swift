import ArgumentParser
import LedgerCore
import LedgerCrypto

/// Who signs: the key file and the department it speaks for.
struct SignerOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The signer's private key (PKCS#8 PEM, mode 0600).", valueName: "file"))
    var key: String
    @Option(help: ArgumentHelp("The signer's department code, e.g. SWLSJ. On a ledger, defaults to the key's enrolled department.", valueName: "code"))
    var dept: String?
    @Option(
        help: ArgumentHelp(
            "The time the signer claims, YYYY-MM-DDTHH:MM:SSZ (default: now). Deadlines are judged by the ledger's acceptance time, not this.",
            valueName: "time"))
    var time: String?
    @Option(help: ArgumentHelp("The statement id, 32 hex digits (default: random). Only for reproducing a statement.", valueName: "hex"))
    var id: String?

    init() {}

    /// Options for signing in code (a batch), rather than from the command line.
    init(key: String, dept: String?) {
        self.key = key
        self.dept = dept
        self.time = nil
        self.id = nil
    }

    /// Signs `event` for `ledgerID`; the department defaults to what the ledger knows of the key.
    func sign(
        _ make: (Suite) throws -> Event, ledgerID: String, claimed: Timestamp? = nil, signingKey: SigningKey? = nil,
        knownDepartment: (String) -> String? = { _ in nil }
    ) throws -> SignedStatement {
        let signingKey = try signingKey ?? loadSigningKey(key)
        let keyID = signingKey.publicKey.keyID(in: signingKey.suite)
        guard let department = dept ?? knownDepartment(keyID) else {
            throw CLIError.input("--dept is required: the key \(keyID.prefix(16))… is not enrolled in a ledger at hand")
        }
        let statement = Statement(
            ledger: ledgerID, id: id ?? Identifier.newStatementID(),
            time: try claimed ?? time.map { try parseTimestamp($0, option: "--time") } ?? Timestamp.now(),
            department: department, keyID: keyID, event: try make(signingKey.suite))
        // The tool's text rule first (no control characters), then signing checks the statement by the
        // format's own rules, so a department finds its typo before anything is signed.
        try InputText.check(statement.event.bodyJSON, path: "body")
        return try statement.signed(with: signingKey)
    }
}
