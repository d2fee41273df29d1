import ArgumentParser
import Foundation
import LedgerCore
import LedgerCrypto

/// `ledger key …`: generate key pairs and manage the ledger's key registry.
struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Generate keys; enrol, rotate and revoke them in the ledger (operator).",
        subcommands: [Generate.self, Enroll.self, Rotate.self, Revoke.self, List.self]
    )

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate a key pair: NAME.key (private, mode 0600) and NAME.pub.",
            discussion: "The private key never leaves the file; nothing prints it. Both files are PEM, readable by `openssl pkey`."
        )
        @Option(help: ArgumentHelp("sm2-sm3 (default) or ed25519-sha256.", valueName: "suite")) var suite = "sm2-sm3"
        @Option(name: .shortAndLong, help: ArgumentHelp("Path prefix of the two files.", valueName: "name")) var out: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            guard let suite = Suite(rawValue: suite) else { throw CLIError.input("--suite: unknown suite \"\(self.suite)\" (sm2-sm3 or ed25519-sha256)") }
            let key = try SigningKey.generate(suite: suite)
            let publicPath = out + ".pub"
            guard !FileManager.default.fileExists(atPath: publicPath) else { throw CLIError.input("\(publicPath) already exists") }
            try key.write(toFile: out + ".key")
            guard FileManager.default.createFile(atPath: publicPath, contents: Data(key.publicKey.pemRepresentation.utf8)) else {
                throw CLIError.input("cannot write \(publicPath)")
            }
            let id = key.publicKey.keyID(in: suite)
            if output.json {
                printJSON(["suite": .string(suite.rawValue), "key": .string(id), "private": .string(out + ".key"), "public": .string(publicPath)])
            } else {
                print("\(suite.rawValue) key \(id)\n  private \(out).key (mode 0600: keep it secret)\n  public  \(publicPath)")
            }
        }
    }

    /// Options of every registry change: the operator's key, the acceptance time, the output form.
    struct OperatorOptions: ParsableArguments {
        @OptionGroup var location: LedgerLocation
        @Option(help: ArgumentHelp("The operator's private key.", valueName: "file")) var key: String
        @OptionGroup var acceptance: AcceptanceOptions
        @OptionGroup var output: OutputOptions

        func append(_ event: (ChainState) throws -> Event) throws {
            let signingKey = try loadSigningKey(key)
            let keyID = signingKey.publicKey.keyID(in: signingKey.suite)
            let receipts = try appendChecked(to: location, sealer: signingKey, acceptedAt: try acceptance.time()) { state in
                guard let enrolled = state.registry[keyID] else { throw CLIError.input("--key: key \(keyID.prefix(16))… is not enrolled in this ledger") }
                let statement = Statement(
                    ledger: state.ledgerID!, time: Timestamp.now(), department: enrolled.department, keyID: keyID, event: try event(state))
                return [try statement.signed(with: signingKey)]
            }
            printReceipts(receipts, json: output.json)
        }
    }

    struct Enroll: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enrol a public key for a department in a role (operator only).")
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

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace an enrolled key with a new one; the old key stops being valid (operator only).")
        @Option(help: ArgumentHelp("The key to replace: key id, unique id prefix or public key file.", valueName: "key")) var old: String
        @Option(name: .customLong("new"), help: ArgumentHelp("The new public key file.", valueName: "public-key")) var newKey: String
        @OptionGroup var options: OperatorOptions

        func run() throws {
            let key = try loadVerifyingKey(newKey)
            try options.append { state in .keyRotated(old: try resolveKeyID(old, state: state), key: key) }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke an enrolled key from this record on (operator only).")
        @Argument(help: ArgumentHelp("The key: key id, unique id prefix or public key file.", valueName: "key")) var target: String
        @Option(help: "Why the key is revoked (recorded in the ledger).") var reason: String
        @OptionGroup var options: OperatorOptions

        func run() throws {
            try options.append { state in .keyRevoked(key: try resolveKeyID(target, state: state), reason: reason) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the ledger's keys with department, role and status.")
        @OptionGroup var location: LedgerLocation
        @OptionGroup var output: OutputOptions

        func run() throws {
            let state = try location.state()
            let keys = state.registry.keys.values.sorted { ($0.enrolledAt, $0.id) < ($1.enrolledAt, $1.id) }
            func status(_ k: EnrolledKey) -> String {
                switch k.status {
                case .active: "active"
                case .rotated(let seq, _): "rotated@\(seq)"
                case .revoked(let seq, _): "revoked@\(seq)"
                }
            }
            if output.json {
                printJSON(
                    .array(
                        keys.map {
                            [
                                "key": .string($0.id), "dept": .string($0.department), "name": .string(state.registry.departmentNames[$0.department] ?? ""),
                                "role": .string($0.role.rawValue), "enrolled": .number(Double($0.enrolledAt)), "status": .string(status($0)),
                            ]
                        }))
                return
            }
            for k in keys {
                print(
                    "\(k.id.prefix(16))  \(k.role.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(k.department.padding(toLength: 8, withPad: " ", startingAt: 0)) \(state.registry.departmentNames[k.department] ?? "")  enrolled@\(k.enrolledAt)  \(status(k))"
                )
            }
        }
    }
}
