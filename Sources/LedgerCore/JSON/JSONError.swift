/// Why a byte sequence is not the strict JSON the ledger accepts, and where.
public struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Zero-based byte offset in the input at which the problem was detected.
    ///
    /// For a bad token this is its first byte; for a duplicate key, the key's opening quote;
    /// for a malformed escape, its backslash; for an unterminated string, its opening quote.
    public let offset: Int

    /// A short human-readable cause, such as `duplicate key "seq"` or `invalid UTF-8`.
    ///
    /// Meant for people, not for matching: wording may change between versions.
    public let reason: String

    /// Creates an error at `offset` with the given `reason`.
    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    /// `"<reason> at byte <offset>"`.
    public var description: String { "\(reason) at byte \(offset)" }
}
