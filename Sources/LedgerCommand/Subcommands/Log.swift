import ArgumentParser
import Foundation
import LedgerCore
import LedgerServerAPI
import LedgerStore

/// `ledger log`: lists records, filtered by task, department or type.
struct Log: NetworkCommand {
    static let configuration = CommandConfiguration(abstract: "List records, optionally filtered by task, department or type.")

    @OptionGroup var location: LedgerLocation
    @OptionGroup var remote: ServerOptions
    var needsNetwork: Bool { remote.server != nil }
    @Option(help: "Only records about this task.") var task: String?
    @Option(help: ArgumentHelp("Only statements signed by this department code.", valueName: "code")) var dept: String?
    @Option(help: "Only statements of this type (assigned, progress, completed, delayed, key-enrolled, …).") var type: String?
    @OptionGroup var output: OutputOptions

    func run() throws {
        var rows: [JSONValue] = []
        if let client = try remote.client() {
            // The served log's exact lines, read with the format's own parser, then listed as a local log is.
            let body = try client.get("log")
            var seq = 0
            for line in body.split(separator: 0x0A) {
                let record = try Record(line: [UInt8](line), expectedSeq: seq)
                seq += 1
                list(record, into: &rows)
            }
        } else {
            try location.open().ledger.replay(verifySignatures: false) { record, _ in list(record, into: &rows) }
        }
        if output.json { printJSON(.array(rows)) }
    }

    /// The type column's width: the longest type name, so no type is cut.
    static let typeWidth = Event.types.map(\.count).max() ?? 19

    /// Prints `record` (or adds its row for `--json`) when it passes the filters.
    private func list(_ record: Record, into rows: inout [JSONValue]) {
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
                "\(String(record.seq).leftPadded(6))  \(record.accepted)  \(s.department.padding(toLength: 8, withPad: " ", startingAt: 0)) \(s.event.type.padding(toLength: Self.typeWidth, withPad: " ", startingAt: 0)) \((s.event.task ?? "-").padding(toLength: 6, withPad: " ", startingAt: 0)) \(s.event.summary)"
            )
        }
    }
}
