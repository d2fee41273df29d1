import ArgumentParser
import Foundation
import LedgerCore
import LedgerCrypto

/// `ledger key generate`: a new key pair in two PEM files.
struct KeyGenerate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
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
