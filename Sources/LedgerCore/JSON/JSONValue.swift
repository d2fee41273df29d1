/// A JSON value as RFC 8785 (JSON Canonicalization Scheme) sees it.
///
/// Numbers are IEEE 754 doubles, as JCS requires, so integers above 2^53 lose precision exactly
/// as they would in ECMAScript. Object members are unordered; ``canonicalBytes`` sorts them.
///
/// Equality is Swift equality of the payloads, which compares strings (and object keys) by
/// Unicode canonical equivalence: `"\u{C5}"` equals `"A\u{30A}"` here even though their canonical
/// bytes differ. Compare ``canonicalBytes`` when byte identity matters, as signatures do.
public enum JSONValue: Sendable, Hashable {
    /// The literal `null`.
    case null
    /// The literal `true` or `false`.
    case bool(Bool)
    /// A finite double. Values built by hand must be finite: serialising NaN or infinity traps.
    case number(Double)
    /// A string of Unicode scalars. Swift strings cannot hold lone surrogates, so neither can this.
    case string(String)
    /// An ordered list of values.
    case array([JSONValue])
    /// An unordered set of members with distinct keys.
    case object([String: JSONValue])
}

extension JSONValue {
    /// The member named `key` when this value is an object, otherwise `nil`.
    ///
    /// Returns `nil` both for a missing member and for a non-object receiver; a member that is
    /// present with the value `null` comes back as `.null`, not `nil`.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    /// The element at `index` when this value is an array and the index is in range, otherwise `nil`.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// The payload of a `.string`, otherwise `nil`.
    public var stringValue: String? {
        guard case .string(let value) = self else { return nil }
        return value
    }

    /// The payload of a `.number`, otherwise `nil`.
    public var numberValue: Double? {
        guard case .number(let value) = self else { return nil }
        return value
    }

    /// The payload of a `.number` when it is an integer an `Int` holds exactly, otherwise `nil`.
    ///
    /// `1.0` gives `1`; `1.5`, `1e300` and non-numbers give `nil`.
    public var intValue: Int? {
        guard case .number(let value) = self else { return nil }
        return Int(exactly: value)
    }

    /// The payload of a `.bool`, otherwise `nil`.
    public var boolValue: Bool? {
        guard case .bool(let value) = self else { return nil }
        return value
    }

    /// The elements of an `.array`, otherwise `nil`.
    public var arrayValue: [JSONValue]? {
        guard case .array(let value) = self else { return nil }
        return value
    }

    /// The members of an `.object`, otherwise `nil`.
    public var objectValue: [String: JSONValue]? {
        guard case .object(let value) = self else { return nil }
        return value
    }

    /// Whether this value is the literal `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

extension JSONValue: CustomStringConvertible {
    /// The canonical (RFC 8785) text of the value, so diagnostics show what would be signed.
    ///
    /// Unlike ``canonicalString`` this never traps: a non-finite number, which has no JSON form,
    /// shows as `NaN`, `Infinity` or `-Infinity`, making the output deliberately invalid JSON.
    public var description: String {
        var out: [UInt8] = []
        write(into: &out, allowingNonFinite: true)
        return String(decoding: out, as: UTF8.self)
    }
}
