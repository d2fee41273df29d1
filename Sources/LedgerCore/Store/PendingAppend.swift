import LedgerCrypto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The intent an appender writes, and syncs, before it writes a batch: where the batch starts, how long
/// it is and the digest of its bytes, signed by the operator key that seals the batch (FORMAT.md §3.5).
///
/// A crash can leave part of a batch in the log, as whole lines or not. With the intent on disk, the
/// bytes from `start` on are not history until the whole batch is there: an incomplete batch is a torn
/// tail (verify reports it, appends refuse, `ledger recover` moves it aside), so a batch is
/// all-or-nothing across crashes too. A batch that was completely written before the crash (its bytes
/// match the digest) is kept, and the appender that finds it says so; it may or may not have been
/// acknowledged, but it is exactly what was signed and sealed, whole.
///
/// The file is one canonical JSON line and a signature line, like the admission cache: the sealing key
/// signs `"accountability-ledger/pending-append/v1\n" ‖ JSON`, and the JSON carries that key. An intent
/// is believed only when its signature verifies with that key and the record at `start` is sealed by it
/// (``Ledger/interruptedBatchStart(directory:file:)``), so someone who can write the directory but does
/// not hold the office's key cannot make `recover` move acknowledged records aside.
struct PendingAppend: Equatable {
    static let fileName = "pending-append"
    static let signingContext: [UInt8] = Array("accountability-ledger/pending-append/v1\n".utf8)

    /// Byte offset of the batch's first line, and the seq of its first record.
    let start: Int
    let firstSeq: Int
    let records: Int
    /// Bytes of the batch, newlines included.
    let length: Int
    /// The ledger suite, whose hash makes ``digest``.
    let suite: Suite
    /// The suite hash of those bytes, lowercase hex.
    let digest: String
    /// The operator key that seals the batch and signed this intent.
    let key: VerifyingKey

    init(start: Int, firstSeq: Int, records: Int, bytes: [UInt8], sealer: SigningKey) {
        self.start = start
        self.firstSeq = firstSeq
        self.records = records
        length = bytes.count
        suite = sealer.suite
        digest = Hex.encode(sealer.suite.hash(bytes))
        key = sealer.publicKey
    }

    private init(start: Int, firstSeq: Int, records: Int, length: Int, suite: Suite, digest: String, key: VerifyingKey) {
        self.start = start
        self.firstSeq = firstSeq
        self.records = records
        self.length = length
        self.suite = suite
        self.digest = digest
        self.key = key
    }

    var json: JSONValue {
        [
            "start": .number(Double(start)), "firstSeq": .number(Double(firstSeq)), "records": .number(Double(records)),
            "length": .number(Double(length)), "suite": .string(suite.rawValue), "digest": .string(digest),
            "key": .string(Base64.encode(key.derRepresentation)),
        ]
    }

    /// The file's bytes: the canonical JSON line, then the base64 signature line by `sealer`.
    func fileBytes(signedBy sealer: SigningKey) throws(StoreError) -> [UInt8] {
        let line = json.canonicalBytes
        let signature: [UInt8]
        do {
            signature = try sealer.signature(for: Self.signingContext + line)
        } catch {
            throw StoreError(operation: "sign", path: Self.fileName, errno: 0, reason: "cannot sign the intent: \(error.reason)")
        }
        return line + [0x0A] + Array(Base64.encode(signature).utf8) + [0x0A]
    }

    /// Writes the signed intent and syncs it; only then may the batch be written.
    func write(directory: String, sealer: SigningKey) throws(StoreError) {
        let bytes = try fileBytes(signedBy: sealer)
        let file = try SystemFile.regular(path: directory + "/" + Self.fileName, flags: O_WRONLY | O_CREAT | O_TRUNC, mode: 0o644)
        try file.write(bytes, at: 0)
        try file.sync()
    }

    /// Removes the intent after the batch is durable. Not synced: an intent that reappears after a crash
    /// describes a batch that is whole in the log, which is then kept.
    static func remove(directory: String) {
        unlink(directory + "/" + fileName)
    }

    /// The intent in `directory`, if there is a readable one whose signature verifies with the key it
    /// names. A torn intent was written before any byte of its batch, so it describes nothing; an
    /// unsigned or wrongly signed one was not written by an appender and is ignored too.
    static func read(directory: String) -> PendingAppend? {
        guard let file = try? SystemFile.regular(path: directory + "/" + fileName, flags: O_RDONLY), let size = try? file.size(), size <= 1 << 16,
            let bytes = try? file.read(count: size, at: 0)
        else { return nil }
        return parse(bytes)
    }

    /// Parses and checks the bytes of a `pending-append` file; nil unless well formed and validly signed.
    static func parse(_ bytes: [UInt8]) -> PendingAppend? {
        guard bytes.last == 0x0A, let split = bytes.firstIndex(of: 0x0A), split < bytes.count - 1 else { return nil }
        let line = Array(bytes[..<split])
        guard let signature = Base64.decode(String(decoding: bytes[(split + 1)..<(bytes.count - 1)], as: UTF8.self)),
            let value = try? JSONValue.parse(line), value.canonicalBytes == line,
            let start = value["start"]?.intValue, let firstSeq = value["firstSeq"]?.intValue, let records = value["records"]?.intValue,
            let length = value["length"]?.intValue, let suite = value["suite"]?.stringValue.flatMap(Suite.init(rawValue:)),
            let digest = value["digest"]?.stringValue, let keyText = value["key"]?.stringValue, let der = Base64.decode(keyText),
            let key = try? VerifyingKey(derRepresentation: der), key.suite == suite,
            key.isValidSignature(signature, for: signingContext + line)
        else { return nil }
        return PendingAppend(start: start, firstSeq: firstSeq, records: records, length: length, suite: suite, digest: digest, key: key)
    }

    /// Whether the log holds the whole batch, byte for byte.
    func isComplete(in file: SystemFile) throws(StoreError) -> Bool {
        guard try file.size() >= start + length else { return false }
        return Hex.encode(suite.hash(try file.read(count: length, at: start))) == digest
    }
}

extension Ledger {
    /// Where the acknowledged log ends when an interrupted batch is pending: the batch's start, when the
    /// log does not hold the whole batch; nil when nothing is pending or the batch is whole.
    ///
    /// An intent is believed only when it is signed (``PendingAppend/read(directory:)``) and as far as it
    /// can be checked against the log: its digest is well formed, `start` begins a line, fewer than
    /// `length` bytes follow it (a batch cut short is never longer than the batch), and a complete line
    /// at `start` is record `firstSeq`, sealed by the key that signed the intent, and that key is an
    /// active operator key after the records before `start` (so the intent is the office's word, not a
    /// planted file: a record's own seal by a made-up key proves nothing). An intent
    /// that fails any of these (stale, damaged, unsigned or planted) is ignored, and the log is judged by
    /// §3.4 alone. With no complete line after `start`, §3.4 alone cuts the log at `start` too.
    static func interruptedBatchStart(directory: String, file: SystemFile) throws(StoreError) -> Int? {
        guard let pending = PendingAppend.read(directory: directory), Identifier.isDigest(pending.digest), pending.length > 0, pending.records > 0 else {
            return nil
        }
        let size = try file.size()
        // An intent at or beyond the end describes bytes that were never written: nothing to cut.
        guard pending.start < size, size - pending.start < pending.length else { return nil }
        if pending.start > 0, try file.read(count: 1, at: pending.start - 1) != [0x0A] { return nil }
        let head = try file.read(count: min(size - pending.start, 1 << 20), at: pending.start)
        if let newline = head.firstIndex(of: 0x0A) {
            let keyID = pending.key.keyID(in: pending.suite)
            guard let record = try? Record(line: Array(head[..<newline]), expectedSeq: pending.firstSeq), record.seq == pending.firstSeq,
                FormatRule.same(record.sealer, keyID), pending.key.isValidSignature(record.seal, for: record.sealingMessage)
            else { return nil }
            // And that key was an active operator key there: the registry the records before `start`
            // build (a replay without signature checks; this runs only after a crash, or for a planted
            // intent that got this far). A log that breaks before `start` is judged without the intent.
            guard let (state, _) = try? Ledger.fold(file: file, end: pending.start, verifySignatures: false, { _, _ in }),
                state.nextSeq == pending.firstSeq, FormatRule.same(state.suite?.rawValue ?? "", pending.suite.rawValue),
                let entry = state.registry[keyID], entry.role == .operator, entry.status == .active
            else { return nil }
        }
        return pending.start
    }
}
