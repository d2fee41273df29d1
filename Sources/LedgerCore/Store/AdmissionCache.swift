import LedgerCrypto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What an append needs to know about the log, kept beside it so an append does not replay the log.
///
/// `cache/admission` holds the ``ChainState`` (keys, tasks, head, count) without its statement ids, the
/// admission policy's state, the log length it covers and, for each of 256 id buckets (`cache/ids/XX`,
/// by the id's first byte), how many ids it holds and their digest. The file is one canonical JSON line
/// and a signature line: the sealing key signs `"accountability-ledger/admission-cache/v1\n" ‖ JSON`.
///
/// Trust: a cache is used only when its signature verifies with the key that is about to seal, the log
/// record it says is the last one it covers has the hash it names and carries a valid seal by that same
/// key (so the key was an active operator key there), that record does not retire the key, and every
/// id bucket it reads matches its digest. Anything else (missing, stale beyond repair, damaged, forged
/// by someone without the key, written by another operator key) makes the appender replay the log and
/// rewrite the cache: slower, never laxer. Records appended after the cache was written (a crash
/// between the log's fsync and the cache's) are folded from the log's tail.
///
/// Durability: the state file is written to a temporary name, synced and renamed; bucket files are
/// appended without a sync. A crash can leave a bucket behind the state's digest or the rename undone;
/// either is detected as above and costs one replay, never a wrong admission.
struct AdmissionCache: Sendable {
    static let directoryName = "cache"
    static let stateFileName = "admission"
    static let bucketDirectoryName = "ids"
    /// The layout of this cache; a cache of another version is ignored and rewritten.
    static let version = 2
    static let signingContext: [UInt8] = Array("accountability-ledger/admission-cache/v1\n".utf8)
    static let bucketCount = 256
    static let idSize = 16

    /// One bucket of statement ids: how many of the file's ids are covered, and their digest.
    struct Bucket: Sendable {
        var count = 0
        var digest: String
    }

    /// A cache that passed its signature check, not yet its binding to the log.
    struct Contents {
        var records: Int
        var head: String
        var logLength: Int
        var chain: ChainState
        var policy: [UInt8]?
        var buckets: [Bucket]
    }

    let directory: String
    let suite: Suite
    /// Buckets read and checked against their digest in this process, by bucket index.
    private var loaded: [Int: [UInt8]] = [:]

    init(ledgerDirectory: String, suite: Suite) {
        directory = ledgerDirectory + "/" + AdmissionCache.directoryName
        self.suite = suite
    }

    var statePath: String { directory + "/" + AdmissionCache.stateFileName }
    func bucketPath(_ index: Int) -> String {
        let hex = Hex.encode([UInt8(index)])
        return directory + "/" + AdmissionCache.bucketDirectoryName + "/" + hex
    }

    /// Reads `cache/admission` and checks its signature with `sealer`.
    /// - Returns: the contents, or why the cache cannot be used.
    func read(sealer: SigningKey) -> Result<Contents, CacheProblem> {
        let sealerID = sealer.publicKey.keyID(in: suite)
        return read { signer, _ in FormatRule.same(signer, sealerID) ? sealer.publicKey : nil }
    }

    /// Reads `cache/admission` and checks its signature with the key `key` gives for the cache's
    /// `sealer` member and its JSON (nil: a key this reader does not accept, ``CacheProblem/otherKey``).
    /// - Returns: the contents, or why the cache cannot be used.
    func read(key: (_ sealer: String, _ value: JSONValue) -> VerifyingKey?) -> Result<Contents, CacheProblem> {
        guard let bytes = Self.readFile(statePath) else { return .failure(.missing) }
        guard let split = bytes.firstIndex(of: 0x0A), bytes.last == 0x0A else { return .failure(.damaged("no signature line")) }
        let json = Array(bytes[..<split])
        guard let signature = Base64.decode(String(decoding: bytes[(split + 1)..<(bytes.count - 1)], as: UTF8.self)) else {
            return .failure(.damaged("the signature line is not base64"))
        }
        guard let value = try? JSONValue.parse(json), value.canonicalBytes == json else { return .failure(.damaged("not canonical JSON")) }
        guard value["cache"]?.intValue == AdmissionCache.version, value["format"]?.intValue == Record.version else {
            return .failure(.otherVersion)
        }
        guard let signer = value["sealer"]?.stringValue, let verifyingKey = key(signer, value) else { return .failure(.otherKey) }
        guard verifyingKey.isValidSignature(signature, for: AdmissionCache.signingContext + json) else {
            return .failure(.damaged("its signature does not verify with the sealing key"))
        }
        guard let records = value["records"]?.intValue, let head = value["head"]?.stringValue, let logLength = value["logLength"]?.intValue,
            let chainJSON = value["chain"], let chain = ChainState(cacheJSON: chainJSON), chain.nextSeq == records,
            FormatRule.same(chain.head, head), let bucketList = value["buckets"]?.arrayValue, bucketList.count == AdmissionCache.bucketCount
        else { return .failure(.damaged("a member is missing or unreadable")) }
        var buckets: [Bucket] = []
        for item in bucketList {
            guard let count = item["count"]?.intValue, let digest = item["digest"]?.stringValue else { return .failure(.damaged("a bucket is unreadable")) }
            buckets.append(Bucket(count: count, digest: digest))
        }
        var policy: [UInt8]?
        if let text = value["policy"]?.stringValue {
            guard let decoded = Base64.decode(text) else { return .failure(.damaged("the policy state is not base64")) }
            policy = decoded
        }
        return .success(Contents(records: records, head: head, logLength: logLength, chain: chain, policy: policy, buckets: buckets))
    }

    /// Whether the cache is bound to the log: `last` (the line ending where the cache's log length
    /// ends) is record `records − 1`, has the hash the cache names, is sealed by `key` (`keyID`) — so
    /// the key was an active operator key there and whoever signed the cache held it — and does not
    /// retire that key. Nil when it is; otherwise why not.
    static func binding(of contents: Contents, last: [UInt8]?, key: VerifyingKey, keyID: String, suite: Suite) -> CacheProblem? {
        guard let last else { return .notThisLog("the log is shorter than the \(contents.logLength) bytes it covers") }
        guard let record = try? Record(line: last, expectedSeq: contents.records - 1), record.seq == contents.records - 1,
            FormatRule.same(record.hash(suite), contents.head)
        else { return .notThisLog("record \(contents.records - 1) is not the one the cache ends at") }
        guard FormatRule.same(record.sealer, keyID), key.isValidSignature(record.seal, for: record.sealingMessage) else {
            return .otherKey
        }
        switch record.signed.statement.event {
        case .keyRotated(let old, _) where FormatRule.same(old, keyID): return .otherKey
        case .keyRevoked(let revoked, _) where FormatRule.same(revoked, keyID): return .otherKey
        default: return nil
        }
    }

    /// Whether `id` is among the ids of `bucket` (reading and checking the bucket once per process).
    /// - Throws: `CacheProblem` when the bucket file does not match its digest.
    mutating func contains(_ id: StatementKey, buckets: [Bucket]) throws(CacheProblem) -> Bool {
        let ids = try bucketContents(id.bucket, buckets[id.bucket])
        let needle = id.bytes
        var offset = 0
        while offset < ids.count {
            if ids[offset] == needle[0] && ids[offset..<(offset + AdmissionCache.idSize)].elementsEqual(needle) { return true }
            offset += AdmissionCache.idSize
        }
        return false
    }

    private mutating func bucketContents(_ index: Int, _ bucket: Bucket) throws(CacheProblem) -> [UInt8] {
        if let ids = loaded[index] { return ids }
        let length = bucket.count * AdmissionCache.idSize
        var ids: [UInt8] = []
        if length > 0 {
            guard let file = Self.readFile(bucketPath(index)), file.count >= length else {
                throw .damaged("id bucket \(Hex.encode([UInt8(index)])) is shorter than the state says")
            }
            ids = Array(file[..<length])
        }
        guard FormatRule.same(Hex.encode(suite.hash(ids)), bucket.digest) else {
            throw .damaged("id bucket \(Hex.encode([UInt8(index)])) does not match its digest")
        }
        loaded[index] = ids
        return ids
    }

    /// Adds `ids` to their buckets and writes a new signed state.
    ///
    /// With `rebuild`, every bucket is written anew from `ids` (after a replay); otherwise `ids` are
    /// appended to the buckets `buckets` describes.
    /// - Returns: the buckets now on disk.
    /// - Throws: `CacheProblem` or `StoreError`; the caller then removes the state file so the next
    ///   append replays.
    mutating func write(
        ids: [StatementKey], rebuild: Bool, buckets: [Bucket], chain: ChainState, policy: [UInt8]?, logLength: Int, sealer: SigningKey
    ) throws -> [Bucket] {
        guard let chainJSON = chain.cacheJSON else { throw CacheProblem.damaged("nothing to cache before genesis") }
        var buckets = rebuild ? (0..<AdmissionCache.bucketCount).map { _ in Bucket(digest: Hex.encode(suite.hash([]))) } : buckets
        if rebuild {
            loaded = [:]
            try Self.makeDirectory(directory)
            try Self.makeDirectory(directory + "/" + AdmissionCache.bucketDirectoryName)
        }
        var added: [Int: [UInt8]] = [:]
        for id in ids { added[id.bucket, default: []] += id.bytes }
        let touched = rebuild ? Array(0..<AdmissionCache.bucketCount) : added.keys.sorted()
        for index in touched {
            var ids = rebuild ? [] : try bucketContents(index, buckets[index])
            let new = added[index] ?? []
            let file = try SystemFile.regular(path: bucketPath(index), flags: O_WRONLY | O_CREAT, mode: 0o644)
            if rebuild { try file.truncate(to: 0) }
            try file.write(new, at: ids.count)
            ids += new
            buckets[index] = Bucket(count: ids.count / AdmissionCache.idSize, digest: Hex.encode(suite.hash(ids)))
            loaded[index] = ids
        }
        var object: [String: JSONValue] = [
            "cache": .number(Double(AdmissionCache.version)), "format": .number(Double(Record.version)),
            "sealer": .string(sealer.publicKey.keyID(in: suite)), "records": .number(Double(chain.nextSeq)), "head": .string(chain.head),
            "logLength": .number(Double(logLength)), "chain": chainJSON,
            "buckets": .array(buckets.map { ["count": .number(Double($0.count)), "digest": .string($0.digest)] }),
        ]
        if let policy { object["policy"] = .string(Base64.encode(policy)) }
        let json = JSONValue.object(object).canonicalBytes
        let signature = try sealer.signature(for: AdmissionCache.signingContext + json)
        let temporary = statePath + ".new"
        let file = try SystemFile.regular(path: temporary, flags: O_WRONLY | O_CREAT | O_TRUNC, mode: 0o644)
        try file.write(json + [0x0A] + Array(Base64.encode(signature).utf8) + [0x0A], at: 0)
        try file.sync()
        guard rename(temporary, statePath) == 0 else { throw StoreError(operation: "rename", path: temporary, errno: errno) }
        return buckets
    }

    /// Removes the state file, so the next append replays (after a failed cache write).
    func invalidate() {
        unlink(statePath)
    }

    static func readFile(_ path: String) -> [UInt8]? {
        guard let file = try? SystemFile.regular(path: path, flags: O_RDONLY), let size = try? file.size(),
            let bytes = try? file.read(count: size, at: 0), bytes.count == size
        else { return nil }
        return bytes
    }

    static func makeDirectory(_ path: String) throws(StoreError) {
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw StoreError(operation: "mkdir", path: path, errno: errno) }
    }
}

/// Why an appender did not start from the admission cache (it replayed the log instead).
public enum CacheProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// There is no cache yet.
    case missing
    /// Written by another version of this code.
    case otherVersion
    /// Signed by another operator key than the one sealing now.
    case otherKey
    /// The log does not continue the record the cache covers (rewritten, truncated or another ledger).
    case notThisLog(String)
    /// Unreadable, edited or forged.
    case damaged(String)
    /// Written without the state of this appender's admission policy (or with one it cannot restore).
    case otherPolicy
    /// The caller asked for a replay, or its admission policy cannot be cached.
    case notUsed

    public var description: String {
        switch self {
        case .missing: "there is no admission cache yet"
        case .otherVersion: "the admission cache was written by another version"
        case .otherKey: "the admission cache was written with another operator key"
        case .notThisLog(let why): "the admission cache does not match the log: \(why)"
        case .damaged(let why): "the admission cache is damaged: \(why)"
        case .otherPolicy: "the admission cache does not hold this appender's admission rules"
        case .notUsed: "the admission cache was not used"
        }
    }
}
