extension JSONValue {
    /// Parses exactly one JSON value (RFC 8259) from UTF-8 bytes, strictly.
    ///
    /// Accepts insignificant whitespace where RFC 8259 allows it; whether the input was canonical
    /// is a separate question, answered by comparing it with ``canonicalBytes``.
    ///
    /// - Throws: ``JSONError`` for anything RFC 8259 or RFC 8785 forbids: empty input, a byte order
    ///   mark, invalid or overlong UTF-8, lone surrogates (escaped or encoded), unescaped control
    ///   characters, invalid escapes, duplicate object keys (keys equal under Swift string equality,
    ///   which includes Unicode canonical equivalence), trailing commas, leading zeros, `NaN` and
    ///   `Infinity`, numbers that overflow a double, nesting deeper than ``maximumDepth``, and
    ///   anything after the value other than whitespace.
    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONError) -> JSONValue {
        let contiguous = bytes.withContiguousStorageIfAvailable { buffer in
            JSONParser.parseResult(buffer)
        }
        if let contiguous { return try contiguous.get() }
        return try Array(bytes).withUnsafeBufferPointer { JSONParser.parseResult($0) }.get()
    }

    /// Parses exactly one JSON value from a byte array; see the generic overload.
    ///
    /// - Throws: ``JSONError`` under the same conditions as the generic overload.
    public static func parse(_ bytes: [UInt8]) throws(JSONError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { JSONParser.parseResult($0) }.get()
    }

    /// Parses exactly one JSON value from raw memory holding UTF-8, without copying it.
    ///
    /// The memory must stay valid for the duration of the call only.
    /// - Throws: ``JSONError`` under the same conditions as the generic overload.
    public static func parse(_ buffer: UnsafeRawBufferPointer) throws(JSONError) -> JSONValue {
        try buffer.withMemoryRebound(to: UInt8.self) { JSONParser.parseResult($0) }.get()
    }

    /// Parses exactly one JSON value from the UTF-8 of a string.
    ///
    /// A Swift string is always valid Unicode, so the UTF-8 checks cannot fail here, but every
    /// other rule applies.
    /// - Throws: ``JSONError`` under the same conditions as the generic overload.
    public static func parse(_ string: String) throws(JSONError) -> JSONValue {
        var string = string
        return try string.withUTF8 { JSONParser.parseResult($0) }.get()
    }

    /// How deeply arrays and objects may nest before parsing fails.
    ///
    /// The parser recurses once per level; the cap keeps hostile input from exhausting the stack.
    public static let maximumDepth = 256
}

/// A single-use recursive-descent parser over a borrowed UTF-8 buffer.
struct JSONParser: ~Copyable {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    private var depth = 0
    /// Reused across strings that contain escapes, so decoding them does not allocate per string.
    var scratch: [UInt8] = []
    /// Members of the objects being parsed, innermost last. Collecting them before building the
    /// dictionary lets it be allocated at its final size, sparing the rehashing of every resize.
    private var pendingMembers: [(key: String, value: JSONValue, offset: Int)] = []

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Closures handed to the standard library's buffer accessors cannot throw typed errors, so
    /// the parse result crosses them as a `Result`.
    static func parseResult(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, JSONError> {
        var parser = JSONParser(bytes)
        do throws(JSONError) {
            return .success(try parser.parseDocument())
        } catch {
            return .failure(error)
        }
    }

    private mutating func parseDocument() throws(JSONError) -> JSONValue {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            throw JSONError(offset: 0, reason: "byte order mark not allowed")
        }
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if index < bytes.count {
            throw JSONError(offset: index, reason: "trailing data after value")
        }
        return value
    }

    // MARK: Values

    private mutating func parseValue() throws(JSONError) -> JSONValue {
        guard index < bytes.count else {
            throw JSONError(offset: index, reason: "unexpected end of input, expected a value")
        }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw unexpected(at: index, expecting: "a value")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONError) {
        let start = index
        let length = literal.utf8CodeUnitCount
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: length)
        for offset in 0..<length {
            guard start + offset < bytes.count, bytes[start + offset] == expected[offset] else {
                throw JSONError(offset: start, reason: "invalid literal, expected '\(literal)'")
            }
        }
        index += length
    }

    private mutating func parseArray() throws(JSONError) -> JSONValue {
        let open = index
        try enterContainer(at: open)
        index += 1
        skipWhitespace()
        var elements: [JSONValue] = []
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]"), !elements.isEmpty {
                throw JSONError(offset: index, reason: "trailing comma in array")
            }
            elements.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else {
                throw JSONError(offset: open, reason: "unterminated array")
            }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                depth -= 1
                return .array(elements)
            default: throw unexpected(at: index, expecting: "',' or ']'")
            }
        }
    }

    private mutating func parseObject() throws(JSONError) -> JSONValue {
        let open = index
        try enterContainer(at: open)
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object([:])
        }
        let firstMember = pendingMembers.count
        while true {
            skipWhitespace()
            guard index < bytes.count else {
                throw JSONError(offset: open, reason: "unterminated object")
            }
            guard bytes[index] == UInt8(ascii: "\"") else {
                if bytes[index] == UInt8(ascii: "}"), pendingMembers.count > firstMember {
                    throw JSONError(offset: index, reason: "trailing comma in object")
                }
                throw unexpected(at: index, expecting: "a string key")
            }
            let keyOffset = index
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw unexpected(at: index, expecting: "':'")
            }
            index += 1
            skipWhitespace()
            let value = try parseValue()
            pendingMembers.append((key, value, keyOffset))
            skipWhitespace()
            guard index < bytes.count else {
                throw JSONError(offset: open, reason: "unterminated object")
            }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                depth -= 1
                return .object(try takeMembers(from: firstMember))
            default: throw unexpected(at: index, expecting: "',' or '}'")
            }
        }
    }

    /// Builds the dictionary for the innermost object, rejecting duplicate keys.
    ///
    /// Duplicates are therefore reported once the object is otherwise well-formed; a syntax error
    /// later in the same object takes precedence. Either way the input is rejected.
    private mutating func takeMembers(from first: Int) throws(JSONError) -> [String: JSONValue] {
        var members = [String: JSONValue](minimumCapacity: pendingMembers.count - first)
        for member in pendingMembers[first...] where members.updateValue(member.value, forKey: member.key) != nil {
            throw JSONError(offset: member.offset, reason: "duplicate key \(JSONValue.string(member.key).canonicalString)")
        }
        pendingMembers.removeSubrange(first...)
        return members
    }

    private mutating func enterContainer(at offset: Int) throws(JSONError) {
        depth += 1
        if depth > JSONValue.maximumDepth {
            throw JSONError(offset: offset, reason: "nesting deeper than \(JSONValue.maximumDepth) levels")
        }
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private func unexpected(at offset: Int, expecting expected: String) -> JSONError {
        guard offset < bytes.count else {
            return JSONError(offset: offset, reason: "unexpected end of input, expected \(expected)")
        }
        return JSONError(offset: offset, reason: "unexpected \(Self.describe(bytes[offset])), expected \(expected)")
    }

    static func describe(_ byte: UInt8) -> String {
        if byte > 0x20 && byte < 0x7F { return "character '\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(JSONParser.hex(byte, width: 2, uppercase: true))"
    }

    static func hex(_ value: some BinaryInteger, width: Int, uppercase: Bool = false) -> String {
        let digits = String(value, radix: 16, uppercase: uppercase)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
