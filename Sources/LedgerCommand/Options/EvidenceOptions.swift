import ArgumentParser
import Foundation
import LedgerCore
import LedgerCrypto

/// `--evidence FILE` and `--evidence-digest NAME=HEX`, for an application to close and a rectification:
/// the ledger records each file's digest, never its content.
struct EvidenceOptions: ParsableArguments {
    @Option(help: ArgumentHelp("An evidence file; its digest (the ledger suite's hash) is recorded, not its content. Repeatable.", valueName: "file"))
    var evidence: [String] = []
    @Option(
        name: .customLong("evidence-digest"), help: ArgumentHelp("An evidence digest computed elsewhere, written NAME=HEX. Repeatable.", valueName: "name=hex"))
    var evidenceDigest: [String] = []

    /// The evidence list, files hashed with `suite`; at least one item.
    func items(suite: Suite, what: String) throws -> [Evidence] {
        var items: [Evidence] = []
        for path in evidence {
            guard let data = FileManager.default.contents(atPath: path) else { throw CLIError.input("--evidence: cannot read \(path)") }
            items.append(Evidence(name: (path as NSString).lastPathComponent, digest: Hex.encode(suite.hash([UInt8](data)))))
        }
        for text in evidenceDigest {
            guard let eq = text.lastIndex(of: "=") else { throw CLIError.input("--evidence-digest: \"\(text)\" is not NAME=HEX") }
            items.append(Evidence(name: String(text[..<eq]), digest: String(text[text.index(after: eq)...])))
        }
        guard !items.isEmpty else { throw CLIError.input("\(what) needs at least one --evidence FILE or --evidence-digest NAME=HEX") }
        return items
    }
}
