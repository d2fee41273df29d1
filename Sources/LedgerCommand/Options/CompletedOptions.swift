import ArgumentParser
import Foundation
import LedgerCore
import LedgerCrypto

/// `sign completed` / `append completed`: the evidence files, recorded by digest.
struct CompletedOptions: EventOptions {
    static let type = "completed"
    static let abstract = "Report a task completed, with the digests of evidence files."

    @Option(help: "The task id.") var task: String
    @Option(help: ArgumentHelp("An evidence file; its digest (the ledger suite's hash) is recorded, not its content. Repeatable.", valueName: "file"))
    var evidence: [String] = []
    @Option(
        name: .customLong("evidence-digest"), help: ArgumentHelp("An evidence digest computed elsewhere, written NAME=HEX. Repeatable.", valueName: "name=hex"))
    var evidenceDigest: [String] = []
    @Option(help: "A note for readers.") var note: String?

    func event(suite: Suite) throws -> Event {
        var items: [Evidence] = []
        for path in evidence {
            guard let data = FileManager.default.contents(atPath: path) else { throw CLIError.input("--evidence: cannot read \(path)") }
            items.append(Evidence(name: (path as NSString).lastPathComponent, digest: Hex.encode(suite.hash([UInt8](data)))))
        }
        for text in evidenceDigest {
            guard let eq = text.lastIndex(of: "=") else { throw CLIError.input("--evidence-digest: \"\(text)\" is not NAME=HEX") }
            items.append(Evidence(name: String(text[..<eq]), digest: String(text[text.index(after: eq)...])))
        }
        guard !items.isEmpty else { throw CLIError.input("a completion needs at least one --evidence FILE or --evidence-digest NAME=HEX") }
        return .completed(task: task, evidence: items, note: note)
    }
}
