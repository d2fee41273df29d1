import ArgumentParser
import LedgerCore
import LedgerStore

/// `ledger show SEQ`: one record in full.
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show one record in full, with its hash and signer.")

    @OptionGroup var location: LedgerLocation
    @Argument(help: "The record's sequence number.") var seq: Int
    @OptionGroup var output: OutputOptions

    func run() throws {
        let ledger = try location.open()
        var found: (Record, ChainState)?
        try ledger.ledger.replay(verifySignatures: false) { record, state throws(LedgerError) in
            if record.seq == seq { found = (record, state) }
        }
        guard let (record, state) = found else { throw CLIError.input("no record \(seq) in this ledger") }
        if output.json {
            print(String(decoding: record.line, as: UTF8.self))
            return
        }
        let s = record.signed.statement
        let suite = state.suite!
        print("record \(record.seq)")
        print("  hash      \(record.hash(suite))")
        print("  prev      \(record.prev)")
        print("  accepted  \(record.accepted)")
        print("  type      \(s.event.type)\(s.event.task.map { "  task \($0)" } ?? "")")
        print("  by        \(s.department) \(state.registry.departmentNames[s.department] ?? "")  key \(s.keyID)")
        print("  claimed   \(s.time)")
        print("  statement \(s.id)")
        print("  body      \(s.event.bodyJSON.canonicalString)")
    }
}
