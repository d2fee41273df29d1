import ArgumentParser
import LedgerStore

/// `--at SEQ` / `--as-of DATE`: the point in history to show.
struct CutFlags: ParsableArguments {
    @Option(help: ArgumentHelp("The state as of record SEQ (inclusive).", valueName: "seq")) var at: Int?
    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp("The state at the end of DATE (YYYY-MM-DD, in the ledger's UTC offset); lights are judged then.", valueName: "date"))
    var asOf: String?

    func validate() throws {
        if at != nil && asOf != nil { throw ValidationError("give --at or --as-of, not both") }
        if let at, at < 0 { throw ValidationError("--at must be a record number (0 or more)") }
    }

    /// The same point in history as a served ledger's query parameters.
    var query: [(String, String)] {
        if let at { return [("at", "\(at)")] }
        if let asOf { return [("as-of", asOf)] }
        return []
    }

    func cut() throws -> ProjectionCut {
        if let at { return .record(at) }
        if let asOf { return .day(try parseDay(asOf, option: "--as-of")) }
        return .end
    }
}
