import ArgumentParser
import LedgerCore

/// `--accepted-at`: backfilling history with recorded acceptance times.
struct AcceptanceOptions: ParsableArguments {
    @Option(
        name: .customLong("accepted-at"),
        help: ArgumentHelp("Record this acceptance time instead of the system clock, for importing history; it may not precede the head.", valueName: "time"))
    var acceptedAt: String?

    func time() throws -> Timestamp? {
        try acceptedAt.map { try parseTimestamp($0, option: "--accepted-at") }
    }
}
