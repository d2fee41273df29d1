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
