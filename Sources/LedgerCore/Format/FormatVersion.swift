/// The format versions (FORMAT.md §10), in one place: which `v` a writer puts on a record, which a
/// verifier reads, which event types each allows and the size limits of version 2.
///
/// `v` is per record. A ledger begun in version 1 may be continued with version 2 records, but once a
/// record is version 2 no later record may be version 1; a version 1 record is judged exactly as it
/// always was, so every version 1 ledger keeps verifying and projecting as before.
public enum FormatVersion {
    /// The first version: a unit completes and delays its own tasks.
    public static let v1 = 1
    /// Version 2: the 督办 workflow (销号 and 延期 are the office's acts, inspectors sign 督查发现), indicator
    /// owners (责任单位) and size limits.
    public static let v2 = 2
    /// The version every writer puts on new records.
    public static let current = v2
    /// Every version this code reads.
    public static let supported = v1...v2

    /// Event types of version 1. Version 2 drops `completed` (now an application, `close-requested`,
    /// which only the office's `close-approved` turns into 办结) and `delayed` (now `extension-requested`,
    /// which only the office's `extension-approved` turns into 已延期).
    static let v1Types: Set<String> = ["genesis", "key-enrolled", "key-rotated", "key-revoked", "plan", "assigned", "progress", "completed", "delayed"]
    static let v1OnlyTypes: Set<String> = ["completed", "delayed"]

    /// Whether a record of `version` may carry a statement of `type` (a known type; unknown ones fail earlier).
    public static func allows(type: String, in version: Int) -> Bool {
        if version == v1 { return v1Types.contains(type) }
        return !v1OnlyTypes.contains(type)
    }

    /// What a version 1 type became in version 2, for error messages.
    static func successor(of type: String) -> String? {
        switch type {
        case "completed": "close-requested (the office then closes it with close-approved)"
        case "delayed": "extension-requested (the office then approves or refuses it)"
        default: nil
        }
    }
}

/// The size limits of format version 2 (FORMAT.md §2.4). Version 1 records have none.
///
/// They bound what one record can cost every later reader: a 50 MB note accepted once is read by every
/// verify, append and report after it.
public enum FormatLimits {
    /// UTF-8 bytes of any one string in a statement body (text, names, codes, digests alike).
    public static let stringBytes = 4_096
    /// Elements of any one array in a statement body (evidence, metrics, targets, sections, lead, co).
    public static let arrayElements = 256
    /// Bytes of a statement's canonical JSON (RFC 8785), its `sig` included.
    public static let statementBytes = 61_440
    /// Bytes of a record line, without its line feed.
    public static let recordBytes = 65_536
}

extension FormatRule {
    /// The per-string and per-array limits of version 2, over a statement body as JSON: one walk that
    /// the writer (over the body it built) and the parser (over the body it read) both make.
    /// - Throws: `RecordError` naming the string or array (`note`, `evidence`), relative to the body.
    public static func checkLimits(_ value: JSONValue, field: String? = nil, version: Int) throws(RecordError) {
        guard version >= FormatVersion.v2 else { return }
        switch value {
        case .string(let s):
            let count = s.utf8.count
            guard stringFits(count, version: version) else {
                throw RecordError(
                    .invalidValue, field: field ?? "body", "is \(count) bytes of UTF-8; a string may hold at most \(FormatLimits.stringBytes) (FORMAT.md §2.4)")
            }
        case .array(let items):
            guard arrayFits(items.count, version: version) else {
                throw RecordError(
                    .invalidValue, field: field ?? "body",
                    "has \(items.count) elements; an array may hold at most \(FormatLimits.arrayElements) (FORMAT.md §2.4)")
            }
            for (i, item) in items.enumerated() { try checkLimits(item, field: "\(field ?? "")[\(i)]", version: version) }
        case .object(let members):
            for name in members.keys.sorted() {
                try checkLimits(members[name]!, field: field.map { "\($0).\(name)" } ?? name, version: version)
            }
        default:
            return
        }
    }

    /// Whether a body string of `count` UTF-8 bytes is within the limit of `version` (what ``checkLimits(_:field:version:)``
    /// checks; the one-pass reader asks it directly of the strings it reads).
    static func stringFits(_ count: Int, version: Int) -> Bool { version < FormatVersion.v2 || count <= FormatLimits.stringBytes }

    /// Whether a body array of `count` elements is within the limit of `version`.
    static func arrayFits(_ count: Int, version: Int) -> Bool { version < FormatVersion.v2 || count <= FormatLimits.arrayElements }

    /// The per-statement limit of version 2: `count` is the bytes of the statement's canonical JSON with `sig`.
    public static func checkStatementSize(_ count: Int, version: Int) throws(RecordError) {
        guard version >= FormatVersion.v2, count > FormatLimits.statementBytes else { return }
        throw RecordError(
            .invalidValue, field: "statement", "is \(count) bytes; a statement may be at most \(FormatLimits.statementBytes) (FORMAT.md §2.4)")
    }

    /// The per-record limit of version 2: `count` is the bytes of the record line without its line feed.
    public static func checkRecordSize(_ count: Int, version: Int) throws(RecordError) {
        guard version >= FormatVersion.v2, count > FormatLimits.recordBytes else { return }
        throw RecordError(.invalidValue, "the record line is \(count) bytes; a record may be at most \(FormatLimits.recordBytes) (FORMAT.md §2.4)")
    }
}
