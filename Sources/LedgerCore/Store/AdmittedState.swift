import LedgerCrypto

/// The §6 state after the records the admission cache (FORMAT.md §1.1) covers, for a reader that holds
/// no private key: what lets `ledger state` check only the records after a snapshot instead of the
/// whole log.
///
/// Trust is the appender's, with the key taken from the log instead of from a key file: the cache names
/// the operator key that signed it; that key's public half is looked up in the cache's own key list (an
/// entry's id is the hash of its key, so no other key can stand for it), the cache's signature must verify
/// with it, and the record the cache ends at — the log's line ending at the cache's log length, with the
/// hash the cache names — must carry a valid seal by that same key and not retire it. Someone who can
/// edit the ledger directory but does not hold the operator key that sealed that record cannot make a
/// cache that passes: an edited, unsigned or re-signed cache is not used. The statement ids before the
/// cache are its id buckets, each checked against the signed digest when it is read.
///
/// A value may be kept while the log grows (a server extending its projection): the ids of the records
/// it covers do not change in an append-only log, and every bucket it reads is checked against the
/// signed count and digest it was made with, however the files changed since. A later cache write
/// appends ids after those counts, which changes nothing it reads; one after a replay rewrites the
/// buckets (in another order), and a bucket not read before then fails its digest: ``holds(statementID:)``
/// throws, and the caller reads the cache afresh. Buckets already read are kept in the value.
public struct AdmittedState: Sendable {
    /// The records the cache covers (records 0…records − 1).
    public let records: Int
    /// The hash of record `records − 1`.
    public let head: String
    /// The state after record `records − 1` and the byte offset after its line, for
    /// ``Verifier/verify(_:anchor:signaturesFrom:batchSize:resume:limit:onRecord:)``. Its state holds no
    /// statement ids: ask ``holds(statementID:)`` for the ids of the records checked after it.
    public let resume: Verifier.ResumePoint
    private var cache: AdmissionCache
    private let buckets: [AdmissionCache.Bucket]

    /// Whether a record before the cache's end already used `statementID` (which a record after it must not).
    /// - Throws: `CacheProblem` when an id bucket does not match its signed digest.
    public mutating func holds(statementID: String) throws(CacheProblem) -> Bool {
        guard let key = StatementKey(statementID) else { return false }
        return try cache.contains(key, buckets: buckets)
    }

    init(contents: AdmissionCache.Contents, cache: AdmissionCache) {
        records = contents.records
        head = contents.head
        resume = Verifier.ResumePoint(state: contents.chain, offset: contents.logLength)
        self.cache = cache
        buckets = contents.buckets
    }
}

extension Ledger {
    /// The admission cache's state, when it is bound to this log and signed as ``AdmittedState`` says.
    /// - Returns: the state, or why it cannot be used (the caller then reads the log from genesis).
    public func admittedState() -> Result<AdmittedState, CacheProblem> {
        var suite: Suite?
        var sealer: (id: String, key: VerifyingKey)?
        let probe = AdmissionCache(ledgerDirectory: directory, suite: .ed25519sha256)
        // The suite is the genesis's, inside the cache; the bucket digests use it, so the cache is opened again with it.
        let contents = probe.read { signer, value in
            guard let chain = value["chain"].flatMap(ChainState.init(cacheJSON:)), let enrolled = chain.registry[signer],
                enrolled.role == .operator
            else { return nil }
            suite = chain.suite
            sealer = (signer, enrolled.key)
            return enrolled.key
        }
        switch contents {
        case .failure(let problem): return .failure(problem)
        case .success(let contents):
            guard let suite, let sealer else { return .failure(.otherKey) }
            let last: [UInt8]?
            do {
                last = try line(endingAt: contents.logLength)
            } catch {
                return .failure(.notThisLog("the log cannot be read at byte \(contents.logLength)"))
            }
            if let problem = AdmissionCache.binding(of: contents, last: last, key: sealer.key, keyID: sealer.id, suite: suite) {
                return .failure(problem)
            }
            return .success(AdmittedState(contents: contents, cache: AdmissionCache(ledgerDirectory: directory, suite: suite)))
        }
    }
}
