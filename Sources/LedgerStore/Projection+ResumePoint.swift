import LedgerCore
import LedgerProjector

extension Projection {
    /// Where a projection to the end of the log stopped, from which ``LedgerDirectory/extend(_:)`` folds
    /// only the records appended since: the verified state after its last record, where the next record
    /// starts and, when that state came from the admission cache, the cache itself.
    ///
    /// A state replayed from genesis holds every statement id the log used. One that started from the
    /// admission cache (the projection after the newest snapshot) holds only the ids of the records
    /// verified after the cache; those before it are in the cache's id buckets, which ``admitted`` asks
    /// (each bucket checked against its signed digest as it is read). Either way a record verified from
    /// here is refused when any record before it used its statement id.
    public struct ResumePoint: Sendable {
        /// The verified state after the last record and the byte offset after its line.
        public let verified: Verifier.ResumePoint
        /// The admission cache the state started from, when it did (see ``AdmittedState``).
        let admitted: AdmittedState?

        /// The byte offset in the log where the next record's line starts.
        public var offset: Int { verified.offset }
        /// Whether the statement ids before the state are looked up in the admission cache's buckets.
        public var usesAdmissionCache: Bool { admitted != nil }
    }
}

extension LedgerDirectory {
    /// Verifies the records after `resume` with every check of FORMAT.md §6 and applies each to
    /// `projector`: the one loop behind both the projection after the newest snapshot and ``extend(_:)``.
    /// When `resume` came from the admission cache, a record whose statement id a record before the
    /// cache used is refused as the chain state refuses one used after it.
    /// - Parameter limit: stop after record `limit − 1` as if the log ended there.
    /// - Returns: the projector and the point after the last record read; nil when an id bucket of the
    ///   cache no longer matches its signed digest (the caller then projects without this cache).
    /// - Throws: ``ProjectionError/verificationFailed(_:)`` naming the first record that fails;
    ///   `LedgerError` for I/O.
    func verifyRecords(
        after resume: Projection.ResumePoint, limit: Int? = nil, applyingTo projector: Projector
    ) throws -> (projector: Projector, resume: Projection.ResumePoint)? {
        var projector = projector
        var admitted = resume.admitted
        var duplicate: RecordError?
        var damaged = false
        let report = try Verifier.verify(ledger, resume: resume.verified, limit: limit) { record in
            if admitted != nil {
                do {
                    if try admitted!.holds(statementID: record.signed.statement.id) {
                        duplicate = RecordError.duplicateStatement(record.signed.statement.id).at(seq: record.seq)
                        return false
                    }
                } catch {
                    damaged = true
                    return false
                }
            }
            projector.apply(record)
            return true
        }
        if let failure = report.failure { throw ProjectionError.verificationFailed(failure) }
        if let duplicate { throw ProjectionError.verificationFailed(duplicate) }
        guard !damaged, let state = report.state, let offset = report.endOffset else { return nil }
        return (projector, Projection.ResumePoint(verified: Verifier.ResumePoint(state: state, offset: offset), admitted: admitted))
    }
}
