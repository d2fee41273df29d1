import LedgerCrypto

/// A key the ledger knows, and what it may do at the current point of the log.
public struct EnrolledKey: Sendable, Hashable {
    /// Whether a key may sign at this point of the log.
    public enum Status: Sendable, Hashable {
        case active
        /// Replaced by `successor` at record `seq`.
        case rotated(seq: Int, successor: String)
        case revoked(seq: Int, reason: String)
    }

    public let id: String
    public let key: VerifyingKey
    public let department: String
    public let role: Role
    /// The record that enrolled it (0 for the genesis key).
    public let enrolledAt: Int
    public internal(set) var status: Status
}

/// Which key speaks for which department in which role, replayed from the key records.
public struct KeyRegistry: Sendable {
    public internal(set) var keys: [String: EnrolledKey] = [:]
    /// Department code → display name, as first enrolled.
    public internal(set) var departmentNames: [String: String] = [:]

    public init() {}

    /// The key with this id, whatever its status.
    public subscript(id: String) -> EnrolledKey? { keys[id] }

    /// Active keys holding `role`.
    public func activeKeys(role: Role) -> [EnrolledKey] {
        keys.values.filter { $0.role == role && $0.status == .active }.sorted { $0.enrolledAt < $1.enrolledAt }
    }

    mutating func enrol(id: String, key: VerifyingKey, department: String, name: String, role: Role, seq: Int) {
        keys[id] = EnrolledKey(id: id, key: key, department: department, role: role, enrolledAt: seq, status: .active)
        if departmentNames[department] == nil { departmentNames[department] = name }
    }

    mutating func retire(id: String, status: EnrolledKey.Status) {
        keys[id]?.status = status
    }
}
