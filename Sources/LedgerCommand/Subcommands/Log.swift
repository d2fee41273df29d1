import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore
import LedgerCrypto

/// `ledger log`: lists records, filtered by task, department or type.
struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List records, optionally filtered by task, department or type.")

    @OptionGroup var location: LedgerLocation
    @Option(help: "Only records about this task.") var task: String?
    @Option(help: ArgumentHelp("Only statements signed by this department code.", valueName: "code")) var dept: String?
    @Option(help: "Only statements of this type (assigned, progress, completed, delayed, key-enrolled, …).") var type: String?
    @OptionGroup var output: OutputOptions

    func run() throws {
        let ledger = try location.open()
        var rows: [JSONValue] = []
        try ledger.ledger.replay(verifySignatures: false) { record, _ in
            let s = record.signed.statement
            if let task, s.event.task != task { return }
            if let dept, s.department != dept { return }
            if let type, s.event.type != type { return }
            if output.json {
                rows.append([
                    "seq": .number(Double(record.seq)), "accepted": .string(record.accepted.description), "by": .string(s.department),
                    "type": .string(s.event.type), "task": s.event.task.map { .string($0) } ?? .null, "summary": .string(s.event.summary),
                ])
            } else {
                print(
                    "\(String(record.seq).leftPadded(6))  \(record.accepted)  \(s.department.padding(toLength: 8, withPad: " ", startingAt: 0)) \(s.event.type.padding(toLength: 12, withPad: " ", startingAt: 0)) \((s.event.task ?? "-").padding(toLength: 6, withPad: " ", startingAt: 0)) \(s.event.summary)"
                )
            }
        }
        if output.json { printJSON(.array(rows)) }
    }
}

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

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}

extension Event {
    /// One line for people: what the statement says.
    var summary: String {
        switch self {
        case .genesis(let g): "ledger created: \(g.title), suite \(g.suite.rawValue), operator \(g.department) \(g.name)"
        case .keyEnrolled(let dept, let name, let role, _): "enrolled a \(role.rawValue) key for \(dept) \(name)"
        case .keyRotated(let old, _): "rotated key \(old.prefix(16))…"
        case .keyRevoked(let key, let reason): "revoked key \(key.prefix(16))…: \(reason)"
        case .plan(let title, let sections, let targets): "plan \(title): \(sections.count) sections, \(targets.count) headline/section targets"
        case .assigned(_, let a): "\(a.title) — lead \(a.lead.joined(separator: ",")) co \(a.co.joined(separator: ",")) due \(a.deadline)"
        case .progress(_, let percent, let metrics, let note):
            (["\(JSONValue.canonicalNumber(percent))%"] + metrics.map { "\($0.metric)=\(JSONValue.canonicalNumber($0.value))\($0.unit)" }
                + (note.map { [$0] } ?? [])).joined(separator: "  ")
        case .completed(_, let evidence, let note): "completed with \(evidence.count) evidence file(s)\(note.map { ": \($0)" } ?? "")"
        case .delayed(_, let reason, let until): "delayed to \(until): \(reason)"
        }
    }
}
