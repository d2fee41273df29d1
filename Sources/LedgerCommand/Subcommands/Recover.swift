import ArgumentParser
import LedgerCore
import LedgerStore

/// `ledger recover`: moves a torn tail aside so appends can continue.
struct Recover: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Move a partial last line (from an interrupted append) out of the log into torn-OFFSET.bin.",
        discussion: "Complete records are never touched. The partial line was never acknowledged, so no receipt refers to it."
    )

    @OptionGroup var location: LedgerLocation

    func run() throws {
        let ledger = try location.open()
        if let saved = try ledger.ledger.recoverTornTail() {
            print("moved the partial last line to \(saved); the log ends at its last complete record")
        } else {
            print("the log ends cleanly; nothing to recover")
        }
    }
}
