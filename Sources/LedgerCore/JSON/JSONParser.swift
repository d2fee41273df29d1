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

    /// Parses exactly one JSON value from a byte array; see ``parse(_:)-(some Collection<UInt8>)``.
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
    private var scratch: [UInt8] = []

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
        var members: [String: JSONValue] = [:]
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else {
                throw JSONError(offset: open, reason: "unterminated object")
            }
            guard bytes[index] == UInt8(ascii: "\"") else {
                if bytes[index] == UInt8(ascii: "}"), !members.isEmpty {
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
            if members.updateValue(value, forKey: key) != nil {
                throw JSONError(offset: keyOffset, reason: "duplicate key \(JSONValue.string(key).canonicalString)")
            }
            skipWhitespace()
            guard index < bytes.count else {
                throw JSONError(offset: open, reason: "unterminated object")
            }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                depth -= 1
                return .object(members)
            default: throw unexpected(at: index, expecting: "',' or '}'")
            }
        }
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

// MARK: Strings

extension JSONParser {
    /// Parses the string whose opening quote is at `index`.
    ///
    /// The common string has no escapes, so it is validated in place and decoded in one go;
    /// only a backslash diverts to the copying path.
    private mutating func parseString() throws(JSONError) -> String {
        let open = index
        index += 1
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let string = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return string
            } else if byte == UInt8(ascii: "\\") {
                scratch.removeAll(keepingCapacity: true)
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                return try parseEscapedString(open: open)
            } else if byte < 0x20 {
                throw controlCharacter(byte)
            } else if byte < 0x80 {
                index += 1
            } else {
                index = try validateUTF8Sequence(at: index)
            }
        }
        throw JSONError(offset: open, reason: "unterminated string")
    }

    /// Continues a string from its first backslash, decoding into `scratch`.
    private mutating func parseEscapedString(open: Int) throws(JSONError) -> String {
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: scratch, as: UTF8.self)
            } else if byte == UInt8(ascii: "\\") {
                try parseEscape()
            } else if byte < 0x20 {
                throw controlCharacter(byte)
            } else if byte < 0x80 {
                scratch.append(byte)
                index += 1
            } else {
                let end = try validateUTF8Sequence(at: index)
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
                index = end
            }
        }
        throw JSONError(offset: open, reason: "unterminated string")
    }

    private mutating func parseEscape() throws(JSONError) {
        let backslash = index
        guard index + 1 < bytes.count else {
            throw JSONError(offset: backslash, reason: "unterminated escape")
        }
        let letter = bytes[index + 1]
        index += 2
        switch letter {
        case UInt8(ascii: "\""): scratch.append(0x22)
        case UInt8(ascii: "\\"): scratch.append(0x5C)
        case UInt8(ascii: "/"): scratch.append(0x2F)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try parseHexQuad(escapeAt: backslash)
            let scalar: UInt32
            switch unit {
            case 0xD800...0xDBFF:
                // A high surrogate is only meaningful as the first half of an escaped pair.
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw loneSurrogate(unit, at: backslash) }
                let secondBackslash = index
                index += 2
                let low = try parseHexQuad(escapeAt: secondBackslash)
                guard (0xDC00...0xDFFF).contains(low) else { throw loneSurrogate(unit, at: backslash) }
                scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            case 0xDC00...0xDFFF:
                throw loneSurrogate(unit, at: backslash)
            default:
                scalar = UInt32(unit)
            }
            appendUTF8(scalar)
        default:
            throw JSONError(offset: backslash, reason: "invalid escape '\\\(Character(Unicode.Scalar(letter)))'")
        }
    }

    /// Reads the four hex digits after `\u` at `index`.
    private mutating func parseHexQuad(escapeAt backslash: Int) throws(JSONError) -> UInt16 {
        guard index + 4 <= bytes.count else {
            throw JSONError(offset: backslash, reason: "invalid \\u escape, expected four hex digits")
        }
        var unit: UInt16 = 0
        for offset in 0..<4 {
            let byte = bytes[index + offset]
            let nibble: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = byte &- UInt8(ascii: "A") &+ 10
            default: throw JSONError(offset: backslash, reason: "invalid \\u escape, expected four hex digits")
            }
            unit = unit << 4 | UInt16(nibble)
        }
        index += 4
        return unit
    }

    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// Checks the multi-byte sequence starting at `start` against RFC 3629 and returns its end.
    ///
    /// The second-byte ranges are what exclude overlong forms, UTF-16 surrogates and code points
    /// above U+10FFFF; `String(decoding:)` would otherwise replace such bytes silently.
    private func validateUTF8Sequence(at start: Int) throws(JSONError) -> Int {
        let lead = bytes[start]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xE1...0xEF: length = 3
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: throw JSONError(offset: start, reason: "invalid UTF-8")
        }
        guard start + length <= bytes.count else {
            throw JSONError(offset: start, reason: "invalid UTF-8 (truncated sequence)")
        }
        guard secondRange.contains(bytes[start + 1]) else {
            if lead == 0xED, bytes[start + 1] >= 0xA0, bytes[start + 1] <= 0xBF {
                throw JSONError(offset: start, reason: "invalid UTF-8 (encoded lone surrogate)")
            }
            throw JSONError(offset: start, reason: "invalid UTF-8")
        }
        for offset in 2..<length where bytes[start + offset] & 0xC0 != 0x80 {
            throw JSONError(offset: start, reason: "invalid UTF-8")
        }
        return start + length
    }

    private func controlCharacter(_ byte: UInt8) -> JSONError {
        JSONError(offset: index, reason: "unescaped control character U+\(Self.hex(byte, width: 4, uppercase: true)) in string")
    }

    private func loneSurrogate(_ unit: UInt16, at offset: Int) -> JSONError {
        JSONError(offset: offset, reason: "lone surrogate \\u\(Self.hex(unit, width: 4))")
    }
}
