import LedgerCrypto

/// Statement signatures already checked, so that an appender need not check them again on its critical
/// path: a server checks each submission's signature as it arrives, on any core, while the previous
/// round is being synced.
///
/// An entry is the exact key, message and signature that verified. The appender skips a record's
/// statement check only when the check it would run (the key the registry holds for the signer at that
/// record, the signing message of the statement as parsed from the record's bytes, the signature) is
/// byte for byte an entry; anything else is checked as usual. So a stale key, a statement re-encoded
/// differently or a signature from elsewhere is never taken on trust.
public struct VerifiedStatements: Sendable {
    struct Entry: Hashable, Sendable {
        let key: [UInt8]
        let message: [UInt8]
        let signature: [UInt8]

        /// Hashes the signature alone, as one block of bytes: it already differs from one statement to
        /// the next, and hashing the ~500-byte message byte by byte, three times a submission (checked,
        /// merged into a round, looked up), was 1.5 % of the server's CPU per record. Equality still
        /// compares all three.
        func hash(into hasher: inout Hasher) {
            signature.withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }

    private var entries: Set<Entry> = []

    public init() {}

    /// Checks `signed`'s signature with `key` (the key the ledger's registry holds for its signer now) and
    /// remembers it when it verifies.
    /// - Returns: whether it verified.
    @discardableResult
    public mutating func check(_ signed: SignedStatement, key: VerifyingKey) -> Bool {
        let message = signed.statement.signingMessage
        guard key.isValidSignature(signed.signature, for: message) else { return false }
        entries.insert(Entry(key: key.derRepresentation, message: message, signature: signed.signature))
        return true
    }

    /// Adds what `other` verified.
    public mutating func merge(_ other: VerifiedStatements) { entries.formUnion(other.entries) }

    public var isEmpty: Bool { entries.isEmpty }

    /// Whether `check` is exactly one that verified.
    func covers(_ check: ChainState.SignatureCheck) -> Bool {
        !entries.isEmpty && entries.contains(Entry(key: check.key.derRepresentation, message: check.message, signature: check.signature))
    }
}
