import LedgerCore
import LedgerCrypto
import LedgerStore

/// Takes the append lock and learns the log's state (from the admission cache, or a replay it says it
/// made), lets `prepare` build the statements from what the ledger knows, then appends them with the
/// format's and the projector's rules, all or none, sealed by `sealer`.
func appendChecked(
    to location: LedgerLocation, sealer: SigningKey, acceptedAt: Timestamp?, _ prepare: (ChainState) throws -> [SignedStatement]
) throws -> [Receipt] {
    let appender = try openAppender(location, sealer: sealer)
    return try appender.append(try prepare(appender.chainState), accepted: acceptedAt)
}

/// The ledger opened for appending, with the projector's transition rules as admission policy.
func openAppender(_ location: LedgerLocation, sealer: SigningKey) throws -> Ledger.Appender {
    let appender = try location.open().appender(sealer: sealer)
    if case .replay(let why) = appender.start {
        FileHandleOutput.standardError.write("ledger: note: read the whole log (\(appender.chainState.nextSeq) records) because \(why)\n")
    }
    if let kept = appender.keptInterruptedBatch {
        FileHandleOutput.standardError.write(
            "ledger: note: records \(kept.lowerBound)…\(kept.upperBound - 1) were written whole by an append that was interrupted before it finished; they are kept (check their receipts reached the submitter)\n"
        )
    }
    return appender
}
