import ArgumentParser
import LedgerCore
import LedgerCrypto

/// `ledger key enroll`: the operator admits a department's public key.
struct KeyEnroll: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "enroll", abstract: "Enrol a public key for a department in a role (operator only).")

    @Argument(help: ArgumentHelp("The public key file (PEM).", valueName: "public-key")) var publicKey: String
    @Option(help: ArgumentHelp("Department code, e.g. SWLSJ.", valueName: "code")) var dept: String
    @Option(help: ArgumentHelp("Department display name, e.g. 商务粮食局.", valueName: "name")) var name: String
    @Option(help: ArgumentHelp("operator, department or inspector.", valueName: "role")) var role = "department"
    @OptionGroup var options: OperatorOptions

    func run() throws {
        guard let role = Role(rawValue: role) else { throw CLIError.input("--role: unknown role \"\(self.role)\" (operator, department or inspector)") }
        let key = try loadVerifyingKey(publicKey)
        try options.append { _ in .keyEnrolled(department: dept, name: name, role: role, key: key) }
    }
}
