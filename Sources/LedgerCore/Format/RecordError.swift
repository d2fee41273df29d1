/// Why a record, a statement or an input was refused.
///
/// Every error a user sees names the record (its sequence number, when there is one), the field
/// (a dotted path such as `statement.body.percent`) and a reason a person can act on.
public struct RecordError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of rule was broken; scripts match on this, people read ``reason``.
    public enum Code: String, Sendable, Equatable, Codable {
        /// The line is not JSON, or not RFC 8785 canonical, or has a missing, extra or mistyped field.
        case malformed
        /// A value is well-typed but out of range (percent over 100, an empty reason, a bad date).
        case invalidValue
        /// `seq`, `prev` or the format version does not continue the chain.
        case chainBroken
        /// The acceptance time goes backwards.
        case timeWentBackwards
        /// The signature does not verify with the named key.
        case badSignature
        /// The signing key is not enrolled, was rotated out or revoked, or belongs to someone else.
        case unknownKey
        case revokedKey
        /// The signer may not make this statement (role, or department not responsible for the task).
        case notAuthorized
        /// The statement names another ledger.
        case wrongLedger
        /// A statement with this id is already in the ledger.
        case duplicateStatement
        /// A rectification or an inspector's verdict names no finding opened before it.
        case unknownFinding
        /// The task is not assigned, or is assigned twice.
        case unknownTask
        case duplicateTask
        /// A transition the task's state does not allow (progress after completion, a delay that moves the date earlier).
        case illegalTransition
        /// The log ends in a partial line left by a crash.
        case tornTail
    }

    /// The record's sequence number, when the error is about a record.
    public var seq: Int?
    /// Dotted path of the offending field, e.g. `statement.body.percent`.
    public var field: String?
    public var code: Code
    public var reason: String

    /// Creates an error; `seq` is usually filled in by the caller that knows the position.
    public init(_ code: Code, field: String? = nil, seq: Int? = nil, _ reason: String) {
        self.code = code
        self.field = field
        self.seq = seq
        self.reason = reason
    }

    /// The statement-id rule's refusal (FORMAT.md §6), worded the same wherever the earlier use was
    /// found: among the ids a chain state holds, or in the admission cache's id buckets.
    public static func duplicateStatement(_ id: String) -> RecordError {
        RecordError(.duplicateStatement, field: "statement.id", "statement \(id) is already in the ledger (a replayed or duplicate submission)")
    }

    /// The same error, placed at a record.
    public func at(seq: Int) -> RecordError {
        var copy = self
        copy.seq = seq
        return copy
    }

    /// The same error with its field nested under `prefix` (`body.percent` → `statement.body.percent`).
    public func nested(under prefix: String) -> RecordError {
        var copy = self
        copy.field = field.map { "\(prefix).\($0)" } ?? prefix
        return copy
    }

    /// `record 17: statement.body.percent: percent must be between 0 and 100 (got 120)`.
    public var description: String {
        var parts: [String] = []
        if let seq { parts.append("record \(seq)") }
        if let field { parts.append(field) }
        parts.append(reason)
        return parts.joined(separator: ": ")
    }
}
