import ArgumentParser
import LedgerCore
import LedgerStore

/// `ledger recover`: moves a torn tail aside so appends can continue.
struct Recover: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Move what an interrupted append left (a partial last line, or an incomplete batch) out of the log into torn-OFFSET.bin.",
        discussion:
            "Acknowledged records are never touched: the bytes moved aside were never acknowledged, so no receipt refers to them. Files of earlier recoveries are kept."
    )

    @OptionGroup var location: LedgerLocation

    func run() throws {
        let ledger = try location.open()
        if let saved = try ledger.ledger.recoverTornTail() {
            print("moved the unacknowledged bytes at the end of the log to \(saved); the log ends at its last acknowledged record")
        } else {
            print("the log ends cleanly; nothing to recover")
        }
        let earlier = ledger.tornFiles()
        if !earlier.isEmpty { print("torn files in the ledger directory: \(earlier.joined(separator: ", "))") }
    }
}
