import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore

/// `ledger snapshot list`: the snapshots and the records they cover.
struct SnapshotList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the ledger's snapshots with the records they cover.")

    @OptionGroup var location: LedgerLocation

    func run() throws {
        for path in try location.open().snapshots() {
            if let data = FileManager.default.contents(atPath: path), let value = try? JSONValue.parse([UInt8](data.dropLast(data.last == 0x0A ? 1 : 0))) {
                print(
                    "\(path)  records \(value["records"]?.intValue ?? -1)  head \(value["head"]?.stringValue?.prefix(16) ?? "?")…  projector \(value["projector"]?.stringValue ?? "?")"
                )
            } else {
                print("\(path)  (unreadable)")
            }
        }
    }
}
