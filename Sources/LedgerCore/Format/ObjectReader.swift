/// Reads one JSON object field by field and refuses anything it was not asked for.
///
/// The format rejects unknown fields rather than ignoring them: a verifier that skipped a field
/// it did not understand would accept bytes whose meaning it cannot vouch for.
struct ObjectReader {
    private let members: [String: JSONValue]
    private var read: Set<String> = []
    let path: String?

    init(_ value: JSONValue, path: String?) throws(RecordError) {
        guard case .object(let members) = value else {
            throw RecordError(.malformed, field: path, "must be a JSON object")
        }
        self.members = members
        self.path = path
    }

    func fieldPath(_ key: String) -> String { path.map { "\($0).\(key)" } ?? key }

    mutating func value(_ key: String) throws(RecordError) -> JSONValue {
        guard let value = try optionalValue(key) else {
            throw RecordError(.malformed, field: fieldPath(key), "missing")
        }
        return value
    }

    mutating func optionalValue(_ key: String) throws(RecordError) -> JSONValue? {
        read.insert(key)
        return members[key]
    }

    mutating func string(_ key: String) throws(RecordError) -> String {
        guard case .string(let s) = try value(key) else {
            throw RecordError(.malformed, field: fieldPath(key), "must be a string")
        }
        return s
    }

    mutating func optionalString(_ key: String) throws(RecordError) -> String? {
        guard let v = try optionalValue(key) else { return nil }
        guard case .string(let s) = v else { throw RecordError(.malformed, field: fieldPath(key), "must be a string") }
        return s
    }

    /// A non-empty string with no leading or trailing whitespace (reasons, titles, names).
    mutating func text(_ key: String) throws(RecordError) -> String {
        let s = try string(key)
        try Self.checkText(s, field: fieldPath(key))
        return s
    }

    mutating func optionalText(_ key: String) throws(RecordError) -> String? {
        guard let s = try optionalString(key) else { return nil }
        try Self.checkText(s, field: fieldPath(key))
        return s
    }

    /// The Unicode White_Space property (PropList.txt), spelled out so every verifier agrees.
    static let whiteSpace: Set<UInt32> = Set(
        Array(0x09...0x0D) + [0x20, 0x85, 0xA0, 0x1680] + Array(0x2000...0x200A) + [0x2028, 0x2029, 0x202F, 0x205F, 0x3000])

    static func checkText(_ s: String, field: String) throws(RecordError) {
        guard !s.isEmpty else { throw RecordError(.invalidValue, field: field, "must not be empty") }
        guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last,
            !whiteSpace.contains(first.value), !whiteSpace.contains(last.value)
        else {
            throw RecordError(.invalidValue, field: field, "must not start or end with white space")
        }
    }

    mutating func number(_ key: String) throws(RecordError) -> Double {
        guard case .number(let n) = try value(key) else {
            throw RecordError(.malformed, field: fieldPath(key), "must be a number")
        }
        return n
    }

    /// A non-negative integer that a double represents exactly.
    mutating func integer(_ key: String) throws(RecordError) -> Int {
        let n = try number(key)
        guard n >= 0, n < 9_007_199_254_740_992, n.rounded(.towardZero) == n else {
            throw RecordError(.malformed, field: fieldPath(key), "must be a non-negative integer")
        }
        return Int(n)
    }

    mutating func array(_ key: String) throws(RecordError) -> [JSONValue] {
        guard case .array(let a) = try value(key) else {
            throw RecordError(.malformed, field: fieldPath(key), "must be an array")
        }
        return a
    }

    mutating func optionalArray(_ key: String) throws(RecordError) -> [JSONValue]? {
        guard let v = try optionalValue(key) else { return nil }
        guard case .array(let a) = v else { throw RecordError(.malformed, field: fieldPath(key), "must be an array") }
        return a
    }

    mutating func stringArray(_ key: String) throws(RecordError) -> [String] {
        var out: [String] = []
        for (i, v) in try array(key).enumerated() {
            guard case .string(let s) = v else {
                throw RecordError(.malformed, field: "\(fieldPath(key))[\(i)]", "must be a string")
            }
            out.append(s)
        }
        return out
    }

    mutating func day(_ key: String) throws(RecordError) -> CalendarDay {
        let s = try string(key)
        guard let d = CalendarDay(s), d.description == s else {
            throw RecordError(.invalidValue, field: fieldPath(key), "must be a date written YYYY-MM-DD (got \"\(s)\")")
        }
        return d
    }

    mutating func timestamp(_ key: String) throws(RecordError) -> Timestamp {
        let s = try string(key)
        guard let t = Timestamp(s) else {
            throw RecordError(.invalidValue, field: fieldPath(key), "must be a UTC time written YYYY-MM-DDTHH:MM:SSZ (got \"\(s)\")")
        }
        return t
    }

    /// Fails on the first member nobody asked for.
    func finish() throws(RecordError) {
        if let extra = members.keys.sorted().first(where: { !read.contains($0) }) {
            throw RecordError(.malformed, field: fieldPath(extra), "unknown field")
        }
    }
}
