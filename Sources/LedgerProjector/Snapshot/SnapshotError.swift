/// Why a snapshot cannot be used; the cure is always the same: rebuild it by replaying the log.
public struct SnapshotError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong; scripts match on this, people read ``reason``.
    public enum Code: String, Sendable, Equatable, Codable {
        /// Not canonical JSON, or a field is missing or mistyped.
        case malformed
        /// A snapshot format version this code does not read.
        case unsupportedFormat
        /// The digest does not match the content: the file was edited or damaged.
        case digestMismatch
        /// Written by another projector version, whose projection may differ.
        case projectorVersion
        /// Made with other ``ProjectionOptions``, so its lights differ.
        case optionsMismatch
        /// Made from another ledger.
        case wrongLedger
        /// The head it records is not the ledger's record at that position.
        case wrongHead
    }

    /// The kind of problem, for scripts to match on.
    public var code: Code
    /// A sentence a person can act on.
    public var reason: String

    /// Creates an error; the CLI uses it for the checks only it can make (``Code/wrongLedger``, ``Code/wrongHead``).
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// `snapshot refused (digestMismatch): …`.
    public var description: String { "snapshot refused (\(code.rawValue)): \(reason)" }
}
